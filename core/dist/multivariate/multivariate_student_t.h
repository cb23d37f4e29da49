#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// MultivariateStudentT(df, loc, scale_tril) (Pyro): loc + scale_tril y, where y is a standard
// normal vector divided by sqrt(chi2(df) / df).
class MultivariateStudentT : public Distribution {
public:
  MultivariateStudentT(TensorArg df, TensorArg loc, TensorArg scale_tril);

  std::string name() const override { return "MultivariateStudentT"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& df() const { return param_at(0); }
  const at::Tensor& loc() const { return param_at(1); }
  const at::Tensor& scale_tril() const { return param_at(2); }
  // L L^T, the scale matrix (Pyro's name; the covariance is df / (df - 2) times it).
  at::Tensor covariance_matrix() const;

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  // NaN where df <= 1, as Pyro.
  at::Tensor mean() const override;
  // Infinite where 1 < df <= 2 and NaN where df <= 1, as Pyro.
  at::Tensor variance() const override;
  ConstraintPtr support() const override;
};

} // namespace kiln::dist
