# The warnings: each is a mistake a Pyro user makes, and none fires on sound code.
import torch
import pyro
import pyro.distributions as dist

scale = base_scale * 2.0
base_scale = 1.0


def model(x, y, flag):
    mu = pyro.sample("mu", dist.Normal(0., scale))
    if flag:
        z = pyro.sample("z", dist.Normal(mu, 1.))
    else:
        z = pyro.sample("z", dist.Normal(-mu, 1.))
    for t in range(3):
        pyro.sample("step_{}".format(t), dist.Normal(z, 1.))
    mu2 = pyro.sample("mu", dist.Normal(0., 2.))
    pyro.deterministic("z", mu + z)
    pyro.sample("obs", dist.Normal(mu, 1.), y)
    pyro.plate("data", 10)
    dist.Normal(mu, 1.)
    return mu2


def early_return(flag):
    if flag:
        pyro.sample("a", dist.Normal(0., 1.))
        return
    pyro.sample("a", dist.Normal(0., 2.))
