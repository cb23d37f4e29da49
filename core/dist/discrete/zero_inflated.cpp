#include "core/dist/discrete/zero_inflated.h"

#include <ATen/ATen.h>

#include "core/util/random.h"

namespace kiln::dist {

at::Tensor zero_inflated_log_prob(const at::Tensor& base_log_prob, const at::Tensor& value,
                                  const at::Tensor& gate, const at::Tensor& gate_logits,
                                  bool from_logits) {
  // Pyro's ZeroInflatedDistribution.log_prob, branch by branch.
  if (!from_logits) {
    auto log_prob = (-gate).log1p() + base_log_prob;
    return at::where(value == 0, (gate + log_prob.exp()).log(), log_prob);
  }
  auto log_prob_minus_log_gate = -gate_logits + base_log_prob;
  auto log_gate = -at::softplus(-gate_logits);
  auto log_prob = log_gate + log_prob_minus_log_gate;
  auto zero_log_prob = at::softplus(log_prob_minus_log_gate) + log_gate;
  return at::where(value == 0, zero_log_prob, log_prob);
}

at::Tensor zero_inflated_sample(const at::Tensor& base_sample, const at::Tensor& gate) {
  at::NoGradGuard no_grad;
  auto zero = at::bernoulli(gate.expand(base_sample.sizes()), generator()).to(at::kBool);
  return at::where(zero, at::zeros({}, base_sample.options()), base_sample);
}

at::Tensor zero_inflated_mean(const at::Tensor& gate, const at::Tensor& base_mean) {
  return (1 - gate) * base_mean;
}

at::Tensor zero_inflated_variance(const at::Tensor& gate, const at::Tensor& base_mean,
                                  const at::Tensor& base_variance) {
  return (1 - gate) * (base_mean.pow(2) + base_variance) -
         zero_inflated_mean(gate, base_mean).pow(2);
}

} // namespace kiln::dist
