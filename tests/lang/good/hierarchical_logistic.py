"""Varying-intercept logistic regression, written to use most of the language subset."""
import math

import torch
import pyro
import pyro.distributions as dist
import pyro.poutine as poutine
from pyro.distributions import constraints as C

PRIORS = {"loc": 0.0, "scale": 2.5, **{"df": 3}}
LINKS = {name: fn for name, fn in [("logit", torch.sigmoid), ("probit", lambda x: dist.Normal(0., 1.).cdf(x))]}
unique = lambda values: {v for v in values}  # a set comprehension: parsed, never run (Kiln has no sets)


def design(x, groups, num_groups: int, *extra, intercept=True, **options) -> tuple:
    assert x.dim() == 2, "x must be a matrix"
    n, p = x.shape
    columns = [x] + [e.unsqueeze(-1) if e.dim() == 1 else e for e in extra]
    if intercept and not options.get("centered", False):
        columns.append(torch.ones(n, 1, dtype=x.dtype))
    elif options.get("centered") is not None:
        columns = [c - c.mean(0, keepdim=True) for c in columns]
    else:
        pass
    features = torch.cat(columns, dim=-1)
    seen = {int(g): True for g in groups.tolist()}
    counts: dict = {}
    for g in groups.tolist():
        counts[g] = counts.get(g, 0) + 1
    sizes = [counts[g] if g in counts else 0 for g in range(num_groups)]
    return features, seen, sizes


def fib(k):
    return k if k < 2 else fib(k - 1) + fib(k - 2)


def first_positive(values):
    i = 0
    found = None
    while i < len(values):
        if values[i] <= 0:
            i += 1
            continue
        found = values[i]
        break
    return found


def model(x, groups, num_groups, y=None, link="logit"):
    features, _, sizes = design(x, groups, num_groups)
    n, p = features.shape
    mu = sigma = None
    mu = pyro.sample("mu", dist.Normal(PRIORS["loc"], PRIORS["scale"]))
    sigma = pyro.sample("sigma", dist.HalfCauchy(1.))
    beta = pyro.sample("beta", dist.StudentT(PRIORS["df"], 0., 2.5).expand([p]).to_event(1))
    with pyro.plate("groups", num_groups), poutine.scale(scale=1.0):
        alpha = pyro.sample("alpha", dist.Normal(mu, sigma))
    eta = alpha[groups] + features @ beta
    eta = eta.clamp(-30., 30.)
    eta[..., :1] = eta[..., :1] * 1.0
    weights = torch.ones(n)[None, :].squeeze(0)
    weights[::2] *= 1.0
    scale = 1 / (1 + math.exp(-0.5)) ** 2 if 0 < num_groups <= 10 != 11 else -(2 ** -1) % 3
    flags = (num_groups | 1) ^ (n & 3) << 1 >> 1
    inverse = ~flags
    mask = None if link not in LINKS else torch.ones(n, dtype=torch.bool)
    assert mask is not None and link in LINKS or not True
    with pyro.plate("data", n, subsample_size=min(n, 1000)) as idx:
        probs = LINKS[link](eta[idx])
        return pyro.sample("y", dist.Bernoulli(probs=probs).mask(mask[idx]), obs=y[idx] if y is not None else None)


def guide(x, groups, num_groups, y=None, link="logit"):
    loc = pyro.param("mu_loc", lambda: torch.tensor(0.))
    scale = pyro.param("mu_scale", torch.tensor(1.), constraint=C.positive)
    pyro.sample("mu", dist.Normal(loc, scale))
    rows = x[:, 0], x[-1, :], x[1:-1:2, ...]
    total = sum(r.sum() for r in rows) + sum([fib(k) for k in range(5) if k % 2 == 0]) // 2
    return total
