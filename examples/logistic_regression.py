# Bayesian logistic regression (the benchmark M2 of ../shared/BENCHMARKS.md). Data:
# logistic_regression.json (N=200, D=5); the benchmark's N=5000, D=25 data is
# ../shared/bench-data/logistic.json. The labels are 0/1 integers: they are observed as floats.
import torch
import pyro
import pyro.distributions as dist


def model(X, y=None):
    N, D = X.shape
    b = pyro.sample("b", dist.Normal(0., 1.))
    with pyro.plate("features", D):
        w = pyro.sample("w", dist.Normal(0., 1.))
    with pyro.plate("data", N):
        obs = y.to(X.dtype) if y is not None else None
        return pyro.sample("y", dist.Bernoulli(logits=X @ w + b), obs=obs)
