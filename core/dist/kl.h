#pragma once
// KL(p || q) in closed form for the pairs torch and Pyro register (torch.distributions.kl and
// pyro.distributions.kl): Normal, LogNormal, HalfNormal, Laplace, Exponential, Gamma, Beta,
// Poisson and Bernoulli with their own family; Independent pairs with equal event ranks; Masked
// pairs; Delta against any family. The result has the broadcast batch shape of p and q.
#include <ATen/core/Tensor.h>

#include "core/dist/distribution.h"

namespace kiln::dist {

// Throws NotSupportedError naming both families when the pair has no closed form (callers
// such as TraceMeanField_ELBO fall back on a Monte Carlo estimate).
at::Tensor kl_divergence(const Distribution& p, const Distribution& q);

// The closed form, or an undefined tensor when the pair has none.
at::Tensor try_kl_divergence(const Distribution& p, const Distribution& q);

} // namespace kiln::dist
