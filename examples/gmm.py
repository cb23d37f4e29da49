# A 1-D Gaussian mixture of K components (the benchmark S2 of ../shared/BENCHMARKS.md), with
# the assignments enumerated out in parallel (TraceEnum_ELBO). Data: gmm.json (N=1000, K=3),
# ../shared/bench-data/gmm.json without the true values.
import torch
import pyro
import pyro.distributions as dist


def model(N, K, x):
    weights = pyro.sample("weights", dist.Dirichlet(torch.ones(K)))
    with pyro.plate("components", K):
        locs = pyro.sample("locs", dist.Normal(0., 10.))
        scales = pyro.sample("scales", dist.LogNormal(0., 2.))
    with pyro.plate("data", N):
        z = pyro.sample("z", dist.Categorical(weights), infer={"enumerate": "parallel"})
        pyro.sample("x", dist.Normal(locs[z], scales[z]), obs=x)
