# Varying-intercept regression: groups share a slope, each has its own intercept drawn around a
# common mean (partial pooling, as in the radon example of Gelman & Hill). Data:
# hierarchical_regression.json (8 groups, 120 records).
import torch
import pyro
import pyro.distributions as dist


def model(group, x, num_groups, y=None):
    mu_a = pyro.sample("mu_a", dist.Normal(0., 10.))
    sigma_a = pyro.sample("sigma_a", dist.HalfNormal(5.))
    b = pyro.sample("b", dist.Normal(0., 10.))
    sigma_y = pyro.sample("sigma_y", dist.HalfNormal(5.))
    with pyro.plate("groups", num_groups):
        a = pyro.sample("a", dist.Normal(mu_a, sigma_a))
    with pyro.plate("data", len(x)):
        return pyro.sample("y", dist.Normal(a[group] + b * x, sigma_y), obs=y)
