# posteriordb arK-arK: an autoregressive model of order K (Stan model arK.stan). The first K
# observations are conditioned on, not modelled, as in Stan. sigma has Stan's <lower=0>, so its
# cauchy(0, 2.5) is a half-Cauchy.
import torch
import pyro
import pyro.distributions as dist


def model(K, T, y):
    alpha = pyro.sample("alpha", dist.Normal(0., 10.))
    beta = pyro.sample("beta", dist.Normal(0., 10.).expand([K]).to_event(1))
    sigma = pyro.sample("sigma", dist.HalfCauchy(2.5))
    # Column k - 1 holds y[t - k] for t = K .. T - 1 (0-based).
    lags = torch.stack([y[K - k:T - k] for k in range(1, K + 1)], dim=-1)
    mu = alpha + lags @ beta
    with pyro.plate("time", T - K):
        pyro.sample("y", dist.Normal(mu, sigma), obs=y[K:])
