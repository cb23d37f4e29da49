#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Cauchy(loc, scale): the Cauchy (Lorentz) distribution, as torch's Cauchy. It has no mean and
// no variance: mean() and variance() throw NotSupportedError (torch returns nan).
class Cauchy : public Distribution {
public:
  Cauchy(TensorArg loc, TensorArg scale);

  std::string name() const override { return "Cauchy"; }
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
