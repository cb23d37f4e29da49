import pyro
import pyro.distributions as dist
from pyro.infer import config_enumerate


@config_enumerate(default="parallel")
def model(T):
    for t in range(T):
        pyro.sample(f"x_{t:03d}", dist.Normal(0., 1.))
    pyro.sample(f"y_{tt}", dist.Normal(0., 1.))


@confg_enumerate
def other():
    pass
