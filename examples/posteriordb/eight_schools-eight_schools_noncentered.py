# posteriordb eight_schools-eight_schools_noncentered (Stan model
# eight_schools_noncentered.stan): theta = theta_trans * tau + mu, so the sampler moves on
# theta_trans, whose prior does not depend on tau: no funnel.
import torch
import pyro
import pyro.distributions as dist


def model(J, y, sigma):
    mu = pyro.sample("mu", dist.Normal(0., 5.))
    tau = pyro.sample("tau", dist.HalfCauchy(5.))
    with pyro.plate("schools", J):
        theta_trans = pyro.sample("theta_trans", dist.Normal(0., 1.))
        theta = pyro.deterministic("theta", theta_trans * tau + mu)
        pyro.sample("y", dist.Normal(theta, sigma), obs=y)
