# posteriordb nes2000-nes: party identification on ideology, race, age group, education, gender
# and income in the 2000 National Election Study (Gelman and Hill; Stan model nes.stan). The age
# groups 30-44, 45-64 and 65+ are indicators of age_discrete = 2, 3, 4. beta and sigma have no
# prior statement: flat on their supports. The data file also holds year, unused.
import torch
import pyro
import pyro.distributions as dist
from pyro.distributions import constraints


def model(N, partyid7, real_ideo, race_adj, educ1, gender, income, age_discrete, year=None):
    partyid7, real_ideo, race_adj = partyid7.double(), real_ideo.double(), race_adj.double()
    educ1, gender, income = educ1.double(), gender.double(), income.double()
    age30_44 = (age_discrete == 2).double()
    age45_64 = (age_discrete == 3).double()
    age65up = (age_discrete == 4).double()
    beta = pyro.sample("beta", dist.ImproperUniform(constraints.real, (), (9,)))
    sigma = pyro.sample("sigma", dist.ImproperUniform(constraints.positive, (), ()))
    mu = (beta[0] + beta[1] * real_ideo + beta[2] * race_adj + beta[3] * age30_44 +
          beta[4] * age45_64 + beta[5] * age65up + beta[6] * educ1 + beta[7] * gender +
          beta[8] * income)
    with pyro.plate("data", N):
        pyro.sample("partyid7", dist.Normal(mu, sigma), obs=partyid7)
