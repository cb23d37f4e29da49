import pyro
import pyro.distributions as dist


def model(x, y)
    mu = pyro.sample("mu", dist.Normal(0., 1.))
    if mu = 0:
        mu = 1
    sigma = pyro.sample("sigma", dist.HalfNormal(1.)
    return mu


class Guide:
    pass


def guide(x, y):
    return x +
