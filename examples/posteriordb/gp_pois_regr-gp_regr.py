# posteriordb gp_pois_regr-gp_regr (Stan model gp_regr.stan): Gaussian process regression with
# the process marginalized: y ~ MultivariateNormal(0, K) with K = gp_exp_quad_cov(x, alpha, rho)
# + sigma I. As in the Stan model, sigma itself (not sigma^2) is added to the diagonal. alpha and
# sigma have Stan's <lower=0>: half-normal priors. The data file also holds k, the gp_pois_regr
# posterior's counts, unused here.
import torch
import pyro
import pyro.distributions as dist


def model(N, x, y, k=None):
    rho = pyro.sample("rho", dist.Gamma(25., 4.))
    alpha = pyro.sample("alpha", dist.HalfNormal(2.))
    sigma = pyro.sample("sigma", dist.HalfNormal(1.))
    x = x.double()
    distance = x.unsqueeze(-1) - x
    cov = alpha ** 2 * torch.exp(-0.5 * distance ** 2 / rho ** 2) + sigma * torch.eye(N)
    pyro.sample("y", dist.MultivariateNormal(torch.zeros(N), scale_tril=torch.linalg.cholesky(cov)),
                obs=y)
