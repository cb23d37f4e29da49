# Python's scoping rules, all of which resolve: nothing to report.
import math

import torch
import pyro
import pyro.distributions as dist
import pyro.distributions.constraints
from pyro import poutine
from pyro.distributions import Normal, constraints as C

SCALE = 2.0
TABLE = {k: v for k, v in [("a", 1), ("b", 2)]}
NESTED = [[i * j for j in range(i)] for i in range(3)]


def model(x, y=None, *rest, prior=SCALE, **options):
    n = x.shape[0]

    def link(eta, offset=n):
        return torch.sigmoid(eta + offset + later)

    later = 0.0
    square = lambda v, p=2: v ** p
    for i in range(n):
        acc = i if i == 0 else acc + i
    with pyro.plate("data", n) as idx, poutine.scale(scale=1.0):
        loc = pyro.sample("loc", Normal(0., prior))
        pyro.sample("obs", dist.Normal(link(loc), math.sqrt(square(SCALE))), obs=y)
    counts: dict = {}
    counts[n] = len(rest) + len(options)
    constraint = C.positive if idx is not None else pyro.distributions.constraints.real
    return [a for a, b in zip(x, x) if b > 0], constraint, counts, acc


def recurse(k):
    return 1 if k <= 0 else k * recurse(k - 1)
