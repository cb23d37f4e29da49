# Attributes of Kiln's modules are known before the model runs, through any import alias.
import torch
import torch.nn as nn
import pyro
import pyro.distributions as dist
from pyro.distributions import constraints
from pyro.distributions import Normall
import pyro.distribution
import numpy as np


def model(x):
    w = pyro.param("w", torch.ones(3), constraint=constraints.postive)
    z = pyro.sampel("z", dist.Normal(0., 1.))
    layer = nn.Linnear(3, 1)
    y = torch.expp(x) + torch.nn.functional.relu(x) + torch.nn.functionl.relu(x)
    return pyro.sample("y", dist.Normall(z, 1.))
