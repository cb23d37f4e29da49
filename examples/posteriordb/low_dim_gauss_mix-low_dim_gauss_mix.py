# posteriordb low_dim_gauss_mix-low_dim_gauss_mix (Stan model low_dim_gauss_mix.stan): a mixture
# of two normals, with Stan's log_mix(theta, ...) as a MixtureSameFamily of weights
# (theta, 1 - theta). mu is ordered (what makes the posterior unimodal) with a normal(0, 2) prior
# on each entry, added as a factor on an improper uniform over ordered vectors. sigma has Stan's
# <lower=0>: half-normal.
import torch
import pyro
import pyro.distributions as dist
from pyro.distributions import constraints


def model(N, y):
    mu = pyro.sample("mu", dist.ImproperUniform(constraints.ordered_vector, (), (2,)))
    pyro.factor("mu_prior", dist.Normal(0., 2.).log_prob(mu).sum())
    sigma = pyro.sample("sigma", dist.HalfNormal(2.).expand([2]).to_event(1))
    theta = pyro.sample("theta", dist.Beta(5., 5.))
    weights = dist.Categorical(probs=torch.stack([theta, 1. - theta]))
    with pyro.plate("data", N):
        pyro.sample("y", dist.MixtureSameFamily(weights, dist.Normal(mu, sigma)), obs=y)
