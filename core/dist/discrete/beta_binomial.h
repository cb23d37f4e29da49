#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// BetaBinomial(concentration1, concentration0, total_count=1): a Binomial(total_count, p) whose
// success probability p is drawn from Beta(concentration1, concentration0) (Pyro's
// pyro.distributions.BetaBinomial). Samples are floats.
class BetaBinomial : public Distribution {
public:
  BetaBinomial(TensorArg concentration1, TensorArg concentration0, TensorArg total_count = 1);

  std::string name() const override { return "BetaBinomial"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& concentration1() const { return param_at(0); }
  const at::Tensor& concentration0() const { return param_at(1); }
  const at::Tensor& total_count() const { return param_at(2); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  ConstraintPtr support() const override;
  bool has_enumerate_support() const override { return true; }
  at::Tensor enumerate_support(bool expand = true) const override;
};

} // namespace kiln::dist
