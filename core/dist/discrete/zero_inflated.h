#pragma once
// The zero inflation Pyro's ZeroInflatedDistribution adds to a count distribution: with
// probability gate the value is 0, else a draw of the base distribution.

#include <ATen/core/Tensor.h>

#include "core/util/shape.h"

namespace kiln::dist {

// log p(value) from the base log mass, given gate (a probability) or gate_logits, whichever the
// caller gave (`from_logits`), so that the formula stays stable in that parameterization.
at::Tensor zero_inflated_log_prob(const at::Tensor& base_log_prob, const at::Tensor& value,
                                  const at::Tensor& gate, const at::Tensor& gate_logits,
                                  bool from_logits);

// Base draws (of shape sample_shape + batch_shape) with a gate-probability of being set to 0.
at::Tensor zero_inflated_sample(const at::Tensor& base_sample, const at::Tensor& gate);

// (1 - gate) * mean, and the variance of the mixture of 0 and the base distribution.
at::Tensor zero_inflated_mean(const at::Tensor& gate, const at::Tensor& base_mean);
at::Tensor zero_inflated_variance(const at::Tensor& gate, const at::Tensor& base_mean,
                                  const at::Tensor& base_variance);

} // namespace kiln::dist
