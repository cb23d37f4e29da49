# An AR(1) time series: y[t] = mu + phi * (y[t-1] - mu) + noise, started from the stationary
# distribution. Data: ar1.json (100 steps).
import torch
import pyro
import pyro.distributions as dist


def model(y):
    mu = pyro.sample("mu", dist.Normal(0., 10.))
    phi = pyro.sample("phi", dist.Uniform(-1., 1.))
    sigma = pyro.sample("sigma", dist.HalfNormal(1.))
    pyro.sample("y_0", dist.Normal(mu, sigma / torch.sqrt(1 - phi ** 2)), obs=y[0])
    with pyro.plate("time", len(y) - 1):
        pyro.sample("y_rest", dist.Normal(mu + phi * (y[:-1] - mu), sigma), obs=y[1:])
