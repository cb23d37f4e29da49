#pragma once
// Importance sampling (Pyro's pyro.infer.Importance): each draw runs the guide (the proposal;
// the model's prior when none is given) and the model replayed against it, and weighs the
// draw by log p(x, z) - log q(z). The weights give the estimate of the log marginal likelihood
// log p(x) ~ logsumexp(log w) - log N and the effective sample size 1 / sum(normalized w^2).
#include <cstdint>

#include <ATen/core/Tensor.h>

#include "core/poutine/model.h"

namespace kiln::infer {

struct ImportanceResult {
  // One log weight per draw, shape (num_samples,), float64.
  at::Tensor log_weights;
  // Each latent sample site of the model, its draws stacked along a leading dim.
  poutine::ValueMap samples;
  double log_marginal_likelihood = 0;
  double effective_sample_size = 0;

  // exp(log_weights - logsumexp(log_weights)): they sum to 1.
  at::Tensor normalized_weights() const;
};

// With `guide` as the proposal. A draw whose model log density is -inf weighs 0; when every
// draw does, the log marginal likelihood is -inf and the effective sample size 0.
ImportanceResult importance_sampling(const poutine::Model& model, const poutine::Model& guide,
                                     int64_t num_samples);
// With the model's prior as the proposal: the weights are the likelihoods.
ImportanceResult importance_sampling(const poutine::Model& model, int64_t num_samples);

} // namespace kiln::infer
