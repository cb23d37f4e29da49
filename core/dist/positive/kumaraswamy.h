#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Kumaraswamy(concentration1, concentration0): density a b x^(a-1) (1 - x^a)^(b-1) on [0, 1],
// with a = concentration1 > 0 and b = concentration0 > 0; cdf 1 - (1 - x^a)^b.
class Kumaraswamy : public Distribution {
public:
  Kumaraswamy(TensorArg concentration1, TensorArg concentration0);

  std::string name() const override { return "Kumaraswamy"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& concentration1() const { return param_at(0); }
  const at::Tensor& concentration0() const { return param_at(1); }

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  at::Tensor cdf(const at::Tensor& value) const override;
  at::Tensor icdf(const at::Tensor& q) const override;
  ConstraintPtr support() const override;
};

} // namespace kiln::dist
