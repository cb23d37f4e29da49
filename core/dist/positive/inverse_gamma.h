#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// InverseGamma(concentration, rate): the law of 1 / X for X ~ Gamma(concentration, rate), with
// density rate^a x^(-a-1) e^(-rate / x) / Gamma(a) on x > 0 (Pyro's and torch's).
class InverseGamma : public Distribution {
public:
  InverseGamma(TensorArg concentration, TensorArg rate);

  std::string name() const override { return "InverseGamma"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& concentration() const { return param_at(0); }
  const at::Tensor& rate() const { return param_at(1); }

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  // Infinite where concentration <= 1 (mean) or <= 2 (variance), as in torch.
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  at::Tensor cdf(const at::Tensor& value) const override;
  ConstraintPtr support() const override;
};

} // namespace kiln::dist
