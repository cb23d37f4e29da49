# Eight schools, non-centered (Rubin 1981; the benchmark M1 of ../shared/BENCHMARKS.md).
# Runs in Pyro today; Kiln will run it unchanged once the model language lands.
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
