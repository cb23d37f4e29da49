# posteriordb arma-arma11: ARMA(1, 1) (Stan model arma11.stan). Stan's loop
#   nu[t] = mu + phi * y[t-1] + theta * err[t-1],  err[t] = y[t] - nu[t],  err ~ normal(0, sigma)
# with err[0] = 0 before the first step is linear in err: (I + theta * S) err = r, S the shift
# below the diagonal and r[t] = y[t] - mu - phi * y[t-1] (r[0] = y[0] - mu - phi * mu). One
# triangular solve gives every err at once, the same numbers as the loop.
import torch
import pyro
import pyro.distributions as dist


def model(T, y):
    mu = pyro.sample("mu", dist.Normal(0., 10.))
    phi = pyro.sample("phi", dist.Normal(0., 2.))
    theta = pyro.sample("theta", dist.Normal(0., 2.))
    sigma = pyro.sample("sigma", dist.HalfCauchy(2.5))
    previous = torch.cat([mu.reshape(1), y[:-1]])
    r = y - mu - phi * previous
    shift = torch.diag(torch.ones(T - 1, dtype=y.dtype), -1)
    system = torch.eye(T, dtype=y.dtype) + theta * shift
    err = torch.linalg.solve_triangular(system, r.unsqueeze(-1), upper=False).squeeze(-1)
    with pyro.plate("time", T):
        pyro.sample("err", dist.Normal(0., sigma), obs=err)
