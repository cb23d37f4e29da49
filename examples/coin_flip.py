# Is the coin fair? The first model of Pyro's introduction to SVI. Data: coin_flip.json
# (6 heads in 10 flips). One observed site per flip, as the tutorial writes it.
import torch
import pyro
import pyro.distributions as dist


def model(data):
    alpha0 = torch.tensor(10.0)
    beta0 = torch.tensor(10.0)
    f = pyro.sample("latent_fairness", dist.Beta(alpha0, beta0))
    for i in range(len(data)):
        pyro.sample("obs_{}".format(i), dist.Bernoulli(f), obs=data[i])
