# posteriordb earnings-logearn_interaction_z: log earnings on standardized height, sex and their
# interaction (Gelman and Hill; Stan model logearn_interaction_z.stan). beta and sigma have no
# prior statement in Stan: flat on their supports. Stan's sd() divides by N - 1, as torch.std.
import torch
import pyro
import pyro.distributions as dist
from pyro.distributions import constraints


def model(N, earn, height, male):
    earn, height, male = earn.double(), height.double(), male.double()
    log_earn = torch.log(earn)
    z_height = (height - height.mean()) / height.std()
    inter = z_height * male
    beta = pyro.sample("beta", dist.ImproperUniform(constraints.real, (), (4,)))
    sigma = pyro.sample("sigma", dist.ImproperUniform(constraints.positive, (), ()))
    mu = beta[0] + beta[1] * z_height + beta[2] * male + beta[3] * inter
    with pyro.plate("data", N):
        pyro.sample("log_earn", dist.Normal(mu, sigma), obs=log_earn)
