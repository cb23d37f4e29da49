#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// StudentT(df, loc=0, scale=1): the location-scale Student's t, as torch's StudentT. Like torch,
// mean is nan where df <= 1 and variance is inf where 1 < df <= 2, nan where df <= 1.
class StudentT : public Distribution {
public:
  StudentT(TensorArg df, TensorArg loc = 0.0, TensorArg scale = 1.0);

  std::string name() const override { return "StudentT"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& df() const { return param_at(0); }
  const at::Tensor& loc() const { return param_at(1); }
  const at::Tensor& scale() const { return param_at(2); }

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  ConstraintPtr support() const override;
};

} // namespace kiln::dist
