# posteriordb kilpisjarvi_mod-kilpisjarvi: a linear trend of summer temperatures at Kilpisjarvi
# with priors given in the data (Stan model kilpisjarvi.stan). sigma has no prior statement:
# flat on the positive reals. x is the year, uncentered, so alpha and beta are correlated almost
# perfectly: a dense mass matrix (kiln run --dense-mass) helps NUTS a lot. xpred is for Stan's
# predictions, unused by the posterior.
import torch
import pyro
import pyro.distributions as dist
from pyro.distributions import constraints


def model(N, x, y, pmualpha, psalpha, pmubeta, psbeta, xpred=None):
    x = x.double()
    alpha = pyro.sample("alpha", dist.Normal(float(pmualpha), float(psalpha)))
    beta = pyro.sample("beta", dist.Normal(float(pmubeta), float(psbeta)))
    sigma = pyro.sample("sigma", dist.ImproperUniform(constraints.positive, (), ()))
    with pyro.plate("data", N):
        pyro.sample("y", dist.Normal(alpha + beta * x, sigma), obs=y)
