#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Chi2(df): the chi-square distribution with df > 0 degrees of freedom, Gamma(df / 2, 1 / 2).
class Chi2 : public Distribution {
public:
  explicit Chi2(TensorArg df);

  std::string name() const override { return "Chi2"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& df() const { return param_at(0); }

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  at::Tensor cdf(const at::Tensor& value) const override;
  ConstraintPtr support() const override;
};

} // namespace kiln::dist
