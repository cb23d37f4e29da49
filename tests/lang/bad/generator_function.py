import pyro


def model(n):
    for i in range(n):
        yield pyro.sample("x", None)
