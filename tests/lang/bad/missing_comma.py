import pyro
import pyro.distributions as dist


def model():
    return pyro.sample("x", dist.Normal(0. 1.))
