# Bayesian linear regression (the benchmark S1 of ../shared/BENCHMARKS.md). Data:
# linear_regression.json (N=100, D=3); the benchmark's N=10000, D=10 data is
# ../shared/bench-data/linreg.json.
import torch
import pyro
import pyro.distributions as dist


def model(X, y=None):
    N, D = X.shape
    b = pyro.sample("b", dist.Normal(0., 10.))
    w = pyro.sample("w", dist.Normal(torch.zeros(D), torch.ones(D)).to_event(1))
    sigma = pyro.sample("sigma", dist.HalfNormal(1.))
    with pyro.plate("data", N):
        return pyro.sample("y", dist.Normal(b + X @ w, sigma), obs=y)
