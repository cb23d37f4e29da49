# Poisson regression of counts on a covariate, log link with an exposure offset. Data:
# poisson_regression.json (100 records).
import torch
import pyro
import pyro.distributions as dist


def model(x, exposure, counts=None):
    intercept = pyro.sample("intercept", dist.Normal(0., 5.))
    slope = pyro.sample("slope", dist.Normal(0., 1.))
    with pyro.plate("data", len(x)):
        rate = exposure * torch.exp(intercept + slope * x)
        return pyro.sample("counts", dist.Poisson(rate), obs=counts)
