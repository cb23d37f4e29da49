# Eight schools, centered (Rubin 1981). Data: eight_schools.json. The school effects theta are
# drawn around mu with scale tau: the funnel that makes HMC diverge when tau is small.
import torch
import pyro
import pyro.distributions as dist


def model(J, y, sigma):
    mu = pyro.sample("mu", dist.Normal(0., 5.))
    tau = pyro.sample("tau", dist.HalfCauchy(5.))
    with pyro.plate("schools", J):
        theta = pyro.sample("theta", dist.Normal(mu, tau))
        pyro.sample("obs", dist.Normal(theta, sigma), obs=y)
