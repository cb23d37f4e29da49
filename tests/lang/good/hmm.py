# A discrete hidden Markov model; the hidden states are enumerated under pyro.markov.
import torch
import pyro
import pyro.distributions as dist
from pyro import poutine


def model(sequences, lengths, hidden_dim=4, data_dim=3):
    num_sequences, max_length = sequences.shape[0], sequences.shape[1]
    with poutine.mask(mask=True):
        probs_x = pyro.sample("probs_x",
                              dist.Dirichlet(0.9 * torch.eye(hidden_dim) + 0.1).to_event(1))
        probs_y = pyro.sample("probs_y",
                              dist.Beta(0.1, 0.9).expand([hidden_dim, data_dim]).to_event(2))
    tones_plate = pyro.plate("tones", data_dim, dim=-1)
    for i in pyro.plate("sequences", num_sequences):
        length = lengths[i]
        sequence = sequences[i, :length]
        x = 0
        for t in pyro.markov(range(length)):
            x = pyro.sample("x_{}_{}".format(i, t), dist.Categorical(probs_x[x]),
                            infer={"enumerate": "parallel"})
            with tones_plate:
                pyro.sample("y_{}_{}".format(i, t), dist.Bernoulli(probs_y[x.squeeze(-1)]),
                            obs=sequence[t])


def vectorized(sequences, lengths, hidden_dim=4):
    data_dim = sequences.shape[-1]
    probs_x = pyro.sample("probs_x", dist.Dirichlet(0.9 * torch.eye(hidden_dim) + 0.1).to_event(1))
    probs_y = pyro.sample("probs_y", dist.Beta(0.1, 0.9).expand([hidden_dim, data_dim]).to_event(2))
    with pyro.plate("sequences", sequences.shape[0], dim=-2) as batch:
        x = 0
        for t in pyro.markov(range(sequences.shape[1])):
            with poutine.mask(mask=(t < lengths[batch]).unsqueeze(-1)):
                x = pyro.sample("x_{}".format(t), dist.Categorical(probs_x[x]),
                                infer={"enumerate": "parallel"})
                with pyro.plate("tones", data_dim, dim=-1):
                    pyro.sample("y_{}".format(t), dist.Bernoulli(probs_y[x, ...]),
                                obs=sequences[batch, t])
