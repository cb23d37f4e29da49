import pyro
import pyro.distributions as dist


def model(x)
    mu = pyro.sample("mu", dist.Normal(0., 1.))
    return mu
