# A Gaussian mixture whose assignments are enumerated out (Pyro's GMM tutorial).
import torch
import pyro
import pyro.distributions as dist
from pyro.infer import config_enumerate
from pyro.distributions import constraints

K = 2  # number of components


def model(data):
    weights = pyro.sample("weights", dist.Dirichlet(0.5 * torch.ones(K)))
    scale = pyro.sample("scale", dist.LogNormal(0., 2.))
    with pyro.plate("components", K):
        locs = pyro.sample("locs", dist.Normal(0., 10.))
    with pyro.plate("data", len(data)):
        assignment = pyro.sample("assignment", dist.Categorical(weights))
        pyro.sample("obs", dist.Normal(locs[assignment], scale), obs=data)


model = config_enumerate(model)


def guide(data):
    weights = pyro.param("weights_q", torch.ones(K) / K, constraint=constraints.simplex)
    scale = pyro.param("scale_q", torch.tensor(1.), constraint=constraints.positive)
    locs = pyro.param("locs_q", torch.tensor([-1., 1.]))
    pyro.sample("weights", dist.Delta(weights).to_event(1))
    pyro.sample("scale", dist.Delta(scale))
    with pyro.plate("components", K):
        pyro.sample("locs", dist.Delta(locs))


def initial_locs(data, seed=0):
    sorted_data = sorted(data.tolist())
    return [sorted_data[i * (len(sorted_data) - 1) // (K - 1)] for i in range(K)]
