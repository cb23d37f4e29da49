"""Eight schools (Rubin 1981), non-centered: the effect of coaching on SAT scores."""
import torch
import pyro
import pyro.distributions as dist


def model(J, y, sigma):
    mu = pyro.sample("mu", dist.Normal(0., 5.))
    tau = pyro.sample("tau", dist.HalfCauchy(5.))
    with pyro.plate("schools", J):
        theta_raw = pyro.sample("theta_raw", dist.Normal(0., 1.))
        theta = pyro.deterministic("theta", mu + tau * theta_raw)
        pyro.sample("obs", dist.Normal(theta, sigma), obs=y)


def centered(J, y, sigma):
    mu = pyro.sample("mu", dist.Normal(0., 5.))
    tau = pyro.sample("tau", dist.HalfCauchy(5.))
    with pyro.plate("schools", J):
        theta = pyro.sample("theta", dist.Normal(mu, tau))
        pyro.sample("obs", dist.Normal(theta, sigma), obs=y)
