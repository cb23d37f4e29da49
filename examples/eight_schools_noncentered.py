# Eight schools, non-centered (Rubin 1981; the benchmark M1 of ../shared/BENCHMARKS.md).
# Data: eight_schools.json. The school effects are theta = mu + tau * theta_raw, so a sampler
# moves on theta_raw, whose prior does not depend on tau: no funnel.
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
