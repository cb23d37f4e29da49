#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Laplace(loc, scale): the double exponential, as torch's Laplace.
class Laplace : public Distribution {
public:
  Laplace(TensorArg loc, TensorArg scale);

  std::string name() const override { return "Laplace"; }
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
