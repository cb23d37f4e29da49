import pyro


def model():
    pyro.sample("mu, dist.Normal(0., 1.))
    return 1
