# posteriordb kidiq-kidscore_interaction: a child's test score on the mother's IQ, high-school
# completion and their interaction (Gelman and Hill; Stan model kidscore_interaction.stan). beta
# has no prior statement: flat. sigma has Stan's <lower=0>, so its cauchy(0, 2.5) is a
# half-Cauchy. The data file also holds mom_hs_new and mom_iq_new, for predictions Stan's model
# does not make.
import torch
import pyro
import pyro.distributions as dist
from pyro.distributions import constraints


def model(N, kid_score, mom_iq, mom_hs, mom_hs_new=None, mom_iq_new=None):
    kid_score, mom_hs = kid_score.double(), mom_hs.double()
    inter = mom_hs * mom_iq
    beta = pyro.sample("beta", dist.ImproperUniform(constraints.real, (), (4,)))
    sigma = pyro.sample("sigma", dist.HalfCauchy(2.5))
    mu = beta[0] + beta[1] * mom_hs + beta[2] * mom_iq + beta[3] * inter
    with pyro.plate("data", N):
        pyro.sample("kid_score", dist.Normal(mu, sigma), obs=kid_score)
