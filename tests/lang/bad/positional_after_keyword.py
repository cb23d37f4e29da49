import pyro
import pyro.distributions as dist


def model():
    return pyro.sample("x", dist.Normal(loc=0., 1.))
