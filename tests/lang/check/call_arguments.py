# Builtins with a signature and the file's own functions are checked like distributions.
import torch
import pyro
import pyro.distributions as dist


def helper(x, sigma, *, scale=1.0):
    return x * sigma * scale


def flexible(*args, **kwargs):
    return len(args) + len(kwargs)


def replaced(x):
    return x


replaced = lambda x, y: x + y


def model(x):
    a = helper(x, 1.0, 2.0)
    b = helper(x, sigam=1.0)
    c = helper(x)
    d = helper(x, 1.0, scale=2.0, x=3.0)
    e = flexible(1, 2, three=3)
    f = replaced(1, 2)
    g = len(x, x)
    h = torch.sum(x, dims=0)
    i = pyro.sample("i", dist.Normal(0., 1.), obs_mask=None, observed=x)
    j = pyro.plate("data", size=3, dims=-1)
    return a, b, c, d, e, f, g, h, i, j
