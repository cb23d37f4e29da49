import math

import torch
import pyro
import pyro.distributions as dist


def model(x, y=None, *, prior_scale=10.0):
    """Bayesian linear regression with a Gaussian likelihood.

    x: (N, P) design matrix; y: (N,) responses, None to sample them.
    """
    N, P = x.shape
    alpha = pyro.sample("alpha", dist.Normal(0., prior_scale))
    beta = pyro.sample("beta", dist.Normal(torch.zeros(P), prior_scale * torch.ones(P)).to_event(1))
    sigma = pyro.sample("sigma", dist.HalfNormal(1.))
    mean = alpha + x @ beta
    with pyro.plate("data", N):
        return pyro.sample("obs", dist.Normal(mean, sigma), obs=y)


def standardize(x):
    mu, sd = x.mean(0), x.std(0)
    sd = torch.where(sd > 0, sd, torch.ones_like(sd))
    return (x - mu) / sd, mu, sd


def log_likelihood(x, y, alpha, beta, sigma):
    resid = y - (alpha + x @ beta)
    n = y.shape[0]
    return -0.5 * (resid ** 2).sum() / sigma ** 2 - n * torch.log(sigma) - 0.5 * n * math.log(2 * math.pi)
