# posteriordb mesquite-logmesquite_logvash: the log weight of mesquite bushes on log canopy
# volume, area, shape, total height and group (Gelman and Hill; Stan model
# logmesquite_logvash.stan). beta and sigma have no prior statement: flat on their supports.
# The data file also holds density, which this model does not use. Integer columns are made
# float64, as Stan reads them into vectors.
import torch
import pyro
import pyro.distributions as dist
from pyro.distributions import constraints


def model(N, weight, diam1, diam2, canopy_height, total_height, group, density=None):
    canopy_height, group = canopy_height.double(), group.double()
    log_weight = torch.log(weight)
    log_canopy_volume = torch.log(diam1 * diam2 * canopy_height)
    log_canopy_area = torch.log(diam1 * diam2)
    log_canopy_shape = torch.log(diam1 / diam2)
    log_total_height = torch.log(total_height)
    beta = pyro.sample("beta", dist.ImproperUniform(constraints.real, (), (6,)))
    sigma = pyro.sample("sigma", dist.ImproperUniform(constraints.positive, (), ()))
    mu = (beta[0] + beta[1] * log_canopy_volume + beta[2] * log_canopy_area +
          beta[3] * log_canopy_shape + beta[4] * log_total_height + beta[5] * group)
    with pyro.plate("data", N):
        pyro.sample("log_weight", dist.Normal(mu, sigma), obs=log_weight)
