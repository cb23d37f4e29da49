# A change point in the rate of British coal-mining disasters, 1851-1962 (Jarrett 1979): the
# year of the switch is uniform over the years, and enumerated in parallel. Data:
# coal_mining.json.
import torch
import pyro
import pyro.distributions as dist


def model(disasters):
    T = len(disasters)
    switch = pyro.sample("switch", dist.Categorical(torch.ones(T) / T),
                         infer={"enumerate": "parallel"})
    early_rate = pyro.sample("early_rate", dist.Exponential(1.))
    late_rate = pyro.sample("late_rate", dist.Exponential(1.))
    with pyro.plate("years", T):
        rate = torch.where(torch.arange(T) < switch, early_rate, late_rate)
        pyro.sample("disasters", dist.Poisson(rate), obs=disasters)
