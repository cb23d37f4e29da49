# A hidden Markov model with Gaussian emissions. The hidden states are enumerated in parallel
# and pyro.markov lets the enumeration reuse two dims for the whole chain. Data: hmm.json (one
# sequence of 50 steps from 2 states).
import torch
import pyro
import pyro.distributions as dist


def model(y, num_states=2):
    with pyro.plate("states", num_states):
        transition = pyro.sample("transition", dist.Dirichlet(torch.ones(num_states) + 1.))
        locs = pyro.sample("locs", dist.Normal(0., 5.))
    scale = pyro.sample("scale", dist.HalfNormal(2.))
    x = 0
    for t in pyro.markov(range(len(y))):
        x = pyro.sample("x_{}".format(t), dist.Categorical(transition[x]),
                        infer={"enumerate": "parallel"})
        pyro.sample("y_{}".format(t), dist.Normal(locs[x], scale), obs=y[t])
