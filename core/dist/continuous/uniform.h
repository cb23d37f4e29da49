#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Uniform(low, high): the uniform distribution on [low, high), with low < high, as torch's
// Uniform (its support is interval(low, high); log_prob is -inf at high itself).
class Uniform : public Distribution {
public:
  Uniform(TensorArg low, TensorArg high);

  std::string name() const override { return "Uniform"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& low() const { return param_at(0); }
  const at::Tensor& high() const { return param_at(1); }

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
