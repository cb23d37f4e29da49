# Calls of distribution families are checked against the registry's signatures.
import torch
import pyro
import pyro.distributions as dist
from pyro.distributions import Bernoulli


def model(x, y):
    a = pyro.sample("a", dist.Normal(0., sd=1.))
    b = pyro.sample("b", dist.Normal(0., 1., 2.))
    c = pyro.sample("c", dist.Normal(0.))
    d = pyro.sample("d", Bernoulli(probs=0.5, logits=0.))
    e = pyro.sample("e", dist.Bernoulli())
    f = pyro.sample("f", dist.MultivariateNormal(torch.zeros(2), torch.eye(2), scale_tril=torch.eye(2)))
    g = pyro.sample("g", dist.Gamma(concentration=1., rate=1., validate_args=False))
    h = pyro.sample("h", dist.StudentT(3.))
    i = pyro.sample("i", dist.Normal(0., 1., loc=2.))
    j = pyro.sample("j", dist.Binomial(10, logits=x))
    k = pyro.sample("k", dist.Normal(*x))
    return a, b, c, d, e, f, g, h, i, j, k
