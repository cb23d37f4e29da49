# Pyro's HMM tutorial, simplified: the hidden Markov model of hmm.py with its parameters as
# pyro.param (maximum likelihood) instead of latent sites, fitted by SVI with TraceEnum_ELBO.
# The hidden states are enumerated in parallel and pyro.markov lets the sum-product reuse two
# dims along the chain, so the loss is exactly minus the log likelihood (the forward algorithm)
# and the guide is empty. Data: hmm.json (one sequence of 50 steps from 2 states).
import torch
import pyro
import pyro.distributions as dist
from pyro.distributions import constraints


def model(y, num_states=2):
    transition = pyro.param("transition", 0.8 * torch.eye(num_states) + 0.1,
                            constraint=constraints.simplex)
    locs = pyro.param("locs", torch.linspace(-1., 1., num_states))
    scale = pyro.param("scale", torch.tensor(1.), constraint=constraints.positive)
    x = 0
    for t in pyro.markov(range(len(y))):
        x = pyro.sample("x_{}".format(t), dist.Categorical(transition[x]),
                        infer={"enumerate": "parallel"})
        pyro.sample("y_{}".format(t), dist.Normal(locs[x], scale), obs=y[t])


def guide(y, num_states=2):
    pass
