import pyro
import pyro.distributions as dist


def model(y):
    mu = pyro.sample("mu", dist.Normal(0., 1.)
    return mu


def guide(y):
    pass
