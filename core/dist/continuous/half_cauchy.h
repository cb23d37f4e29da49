#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// HalfCauchy(scale): |X| for X ~ Cauchy(0, scale), on [0, inf), as torch's HalfCauchy. Its mean
// and variance are infinite: mean() and variance() throw NotSupportedError.
class HalfCauchy : public Distribution {
public:
  explicit HalfCauchy(TensorArg scale);

  std::string name() const override { return "HalfCauchy"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& scale() const { return param_at(0); }

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
