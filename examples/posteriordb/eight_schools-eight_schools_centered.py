# posteriordb eight_schools-eight_schools_centered (Stan model eight_schools_centered.stan): the
# school effects theta drawn around mu with scale tau, the funnel where NUTS diverges when tau is
# small. tau has Stan's <lower=0>, so its cauchy(0, 5) is a half-Cauchy.
import torch
import pyro
import pyro.distributions as dist


def model(J, y, sigma):
    mu = pyro.sample("mu", dist.Normal(0., 5.))
    tau = pyro.sample("tau", dist.HalfCauchy(5.))
    with pyro.plate("schools", J):
        theta = pyro.sample("theta", dist.Normal(mu, tau))
        pyro.sample("y", dist.Normal(theta, sigma), obs=y)
