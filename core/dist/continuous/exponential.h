#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Exponential(rate): the exponential distribution on [0, inf), as torch's Exponential.
class Exponential : public Distribution {
public:
  explicit Exponential(TensorArg rate);

  std::string name() const override { return "Exponential"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& rate() const { return param_at(0); }

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
