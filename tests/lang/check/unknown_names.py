# Names resolve with Python's scoping; the ones that resolve nowhere are errors.
import torch
import pyro
import pyro.distributions as dist


def model(data, sigma=1.0):
    mu = pyro.sample("mu", dist.Normal(0., sigam))
    scaled = [d * scale for d in data]
    total = sum(x for x in scaled) + lenght(data)
    return mu + totl


def helper():
    return undefined_thing
