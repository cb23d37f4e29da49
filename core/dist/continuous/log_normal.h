#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// LogNormal(loc, scale): exp of a Normal(loc, scale) draw, as torch's LogNormal; written in
// closed form rather than as a TransformedDistribution so that it has no dependency on it.
class LogNormal : public Distribution {
public:
  LogNormal(TensorArg loc, TensorArg scale);

  std::string name() const override { return "LogNormal"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& loc() const { return param_at(0); }
  const at::Tensor& scale() const { return param_at(1); }

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
