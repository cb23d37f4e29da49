import pyro
import pyro.distributions as dist


def model(T):
    for t in range(T):
        pyro.sample(f"x_{t}", dist.Normal(0., 1.))
