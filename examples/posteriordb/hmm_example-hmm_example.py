# posteriordb hmm_example-hmm_example (Stan model hmm_example.stan): a two-state hidden Markov
# model with unit-variance Gaussian emissions. Stan sums the states out with the forward
# algorithm; here they are enumerated sites under pyro.markov, which Kiln's NUTS sums out the
# same way. theta1 and theta2 (the rows of the transition matrix) are simplexes with no prior
# statement: uniform, as Dirichlet(1, 1). mu is positive_ordered with normal priors on its two
# entries, added as a factor on an improper uniform. Stan starts the chain with weight 1 for each
# state; the Categorical(1/K) start differs by the constant log K.
import torch
import pyro
import pyro.distributions as dist
from pyro.distributions import constraints


def model(N, K, y):
    theta1 = pyro.sample("theta1", dist.Dirichlet(torch.ones(K)))
    theta2 = pyro.sample("theta2", dist.Dirichlet(torch.ones(K)))
    mu = pyro.sample("mu", dist.ImproperUniform(constraints.positive_ordered_vector, (), (K,)))
    pyro.factor("mu_prior", dist.Normal(3., 1.).log_prob(mu[0]) +
                dist.Normal(10., 1.).log_prob(mu[1]))
    theta = torch.stack([theta1, theta2])
    z = pyro.sample("z_0", dist.Categorical(torch.ones(K) / K), infer={"enumerate": "parallel"})
    pyro.sample("y_0", dist.Normal(mu[z], 1.), obs=y[0])
    for t in pyro.markov(range(1, N)):
        z = pyro.sample(f"z_{t}", dist.Categorical(theta[z]), infer={"enumerate": "parallel"})
        pyro.sample(f"y_{t}", dist.Normal(mu[z], 1.), obs=y[t])
