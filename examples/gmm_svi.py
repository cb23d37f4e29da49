# Pyro's Gaussian mixture tutorial: the mixture of gmm.py (benchmark S2) with its assignments
# enumerated out by config_enumerate, fitted by SVI with TraceEnum_ELBO and a MAP guide (a point
# estimate of every global: Delta sites of params). Data: gmm.json (N=1000, K=3). Fitted with
# Adam (lr 0.05, 1000 steps) the locs come out near the true -4, 0, 5 of
# ../shared/bench-data/gmm.json.
import torch
import pyro
import pyro.distributions as dist
from pyro.distributions import constraints
from pyro.infer import config_enumerate


@config_enumerate
def model(N, K, x):
    weights = pyro.sample("weights", dist.Dirichlet(torch.ones(K)))
    with pyro.plate("components", K):
        locs = pyro.sample("locs", dist.Normal(0., 10.))
        scales = pyro.sample("scales", dist.LogNormal(0., 2.))
    with pyro.plate("data", N):
        z = pyro.sample("z", dist.Categorical(weights))
        pyro.sample("x", dist.Normal(locs[z], scales[z]), obs=x)


def initial_locs(N, K, x):
    # The data's quantiles (k + 1/2) / K, one per component.
    sorted_x = sorted(x.tolist())
    return torch.tensor([sorted_x[(2 * k + 1) * N // (2 * K)] for k in range(K)])


def guide(N, K, x):
    weights = pyro.param("weights_map", torch.ones(K) / K, constraint=constraints.simplex)
    # A callable initial value runs only when the param is created, not at every step.
    locs = pyro.param("locs_map", lambda: initial_locs(N, K, x))
    scales = pyro.param("scales_map", torch.ones(K), constraint=constraints.positive)
    pyro.sample("weights", dist.Delta(weights).to_event(1))
    with pyro.plate("components", K):
        pyro.sample("locs", dist.Delta(locs))
        pyro.sample("scales", dist.Delta(scales))
