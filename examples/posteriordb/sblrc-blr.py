# posteriordb sblrc-blr: Bayesian linear regression on a simulated design (Stan model blr.stan).
# sigma has Stan's <lower=0>, so its normal(0, 10) is a half-normal.
import torch
import pyro
import pyro.distributions as dist


def model(N, D, X, y):
    beta = pyro.sample("beta", dist.Normal(0., 10.).expand([D]).to_event(1))
    sigma = pyro.sample("sigma", dist.HalfNormal(10.))
    with pyro.plate("data", N):
        pyro.sample("y", dist.Normal(X @ beta, sigma), obs=y)
