#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Weibull(scale, concentration): P(X > x) = exp(-(x / scale)^concentration) on x > 0, with
// scale > 0 and concentration > 0 (torch's parameter order).
class Weibull : public Distribution {
public:
  Weibull(TensorArg scale, TensorArg concentration);

  std::string name() const override { return "Weibull"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& scale() const { return param_at(0); }
  const at::Tensor& concentration() const { return param_at(1); }

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
