# posteriordb gp_pois_regr-gp_pois_regr (Stan model gp_pois_regr.stan): a latent Gaussian process
# with a log link for counts, non-centered: f = L f_tilde, L the Cholesky factor of Stan's
# gp_exp_quad_cov(x, alpha, rho) = alpha^2 exp(-(x_i - x_j)^2 / (2 rho^2)) plus 1e-10 on the
# diagonal. alpha has Stan's <lower=0>, so its normal(0, 2) is a half-normal. The data file also
# holds y, the gp_regr posterior's outcome, unused here.
import torch
import pyro
import pyro.distributions as dist


def model(N, x, k, y=None):
    rho = pyro.sample("rho", dist.Gamma(25., 4.))
    alpha = pyro.sample("alpha", dist.HalfNormal(2.))
    f_tilde = pyro.sample("f_tilde", dist.Normal(0., 1.).expand([N]).to_event(1))
    x = x.double()
    distance = x.unsqueeze(-1) - x
    cov = alpha ** 2 * torch.exp(-0.5 * distance ** 2 / rho ** 2) + 1e-10 * torch.eye(N)
    f = pyro.deterministic("f", torch.linalg.cholesky(cov) @ f_tilde)
    with pyro.plate("data", N):
        pyro.sample("k", dist.Poisson(f.exp()), obs=k.double())
