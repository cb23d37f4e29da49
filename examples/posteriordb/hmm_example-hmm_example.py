# posteriordb hmm_example-hmm_example (Stan model hmm_example.stan): a two-state hidden Markov
# model with unit-variance Gaussian emissions, the states summed out with the forward algorithm
# as in Stan: log_alpha[t, k] = logsumexp_j(log_alpha[t-1, j] + log theta[j, k]) + log p(y[t] | k),
# started from log p(y[0] | k) (weight 1 for each state). Each step is a matrix product in the
# (logsumexp, +) semiring with M[t][j, k] = log theta[j, k] + log p(y[t] | k); the product is
# associative, so the 99 matrices are multiplied pairwise in 7 rounds of batched operations
# instead of 99 sequential steps (the same sum; each interpreted operation costs far more than
# its arithmetic). theta1 and theta2, the rows of the transition matrix, are simplexes with no
# prior statement: uniform, as Dirichlet(1, 1). mu is positive_ordered with normal priors on its
# two entries, added as a factor on an improper uniform. (Written with the states as enumerated
# sites under pyro.markov, the model runs in Kiln too, but some 100 times slower a gradient.)
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
    log_theta = torch.log(torch.stack([theta1, theta2]))
    emission = dist.Normal(mu, 1.).log_prob(y.unsqueeze(-1))
    steps = log_theta + emission[1:].unsqueeze(-2)
    log_identity = torch.log(torch.eye(K))
    while steps.shape[0] > 1:
        if steps.shape[0] % 2 == 1:
            steps = torch.cat([steps, log_identity.unsqueeze(0)])
        first, second = steps[0::2], steps[1::2]
        steps = torch.logsumexp(first.unsqueeze(-1) + second.unsqueeze(-3), dim=-2)
    log_alpha = torch.logsumexp(emission[0].unsqueeze(-1) + steps[0], dim=0)
    pyro.factor("y", torch.logsumexp(log_alpha, dim=0))
