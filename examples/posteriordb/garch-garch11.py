# posteriordb garch-garch11: GARCH(1, 1) (Stan model garch11.stan). mu, alpha0, alpha1 and beta1
# have no prior statement in Stan: flat on their supports, here ImproperUniform. beta1's upper
# bound 1 - alpha1 depends on alpha1, as in Stan; Kiln maps it through the interval it has at
# each evaluation. The variance recursion
#   sigma[t]^2 = alpha0 + alpha1 * (y[t-1] - mu)^2 + beta1 * sigma[t-1]^2,  sigma[0] = sigma1
# is linear in sigma^2: (I - beta1 * S) sigma^2 = c with S the shift below the diagonal, one
# triangular solve for the whole series.
import torch
import pyro
import pyro.distributions as dist
from pyro.distributions import constraints


def model(T, y, sigma1):
    mu = pyro.sample("mu", dist.ImproperUniform(constraints.real, (), ()))
    alpha0 = pyro.sample("alpha0", dist.ImproperUniform(constraints.positive, (), ()))
    alpha1 = pyro.sample("alpha1", dist.ImproperUniform(constraints.unit_interval, (), ()))
    beta1 = pyro.sample("beta1",
                        dist.ImproperUniform(constraints.interval(0., 1. - alpha1), (), ()))
    shocks = alpha0 + alpha1 * (y[:-1] - mu) ** 2
    c = torch.cat([torch.full((1,), sigma1 ** 2, dtype=y.dtype), shocks])
    shift = torch.diag(torch.ones(T - 1, dtype=y.dtype), -1)
    system = torch.eye(T, dtype=y.dtype) - beta1 * shift
    variance = torch.linalg.solve_triangular(system, c.unsqueeze(-1), upper=False).squeeze(-1)
    with pyro.plate("time", T):
        pyro.sample("y", dist.Normal(mu, variance.sqrt()), obs=y)
