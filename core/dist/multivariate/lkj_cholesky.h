#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// LKJCholesky(dim, concentration=1.): the distribution of the lower Cholesky factor L of a
// dim x dim correlation matrix R = L L^T whose density is proportional to
// det(R)^(concentration - 1) (Lewandowski, Kurowicka & Joe 2009, "Generating random
// correlation matrices based on vines and extended onion method", J. Multivariate Anal. 100).
class LKJCholesky : public Distribution {
public:
  LKJCholesky(int64_t dim, TensorArg concentration = 1.);

  std::string name() const override { return "LKJCholesky"; }
  std::shared_ptr<Distribution> clone() const override;

  int64_t dim() const { return dim_; }
  const at::Tensor& concentration() const { return param_at(0); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  ConstraintPtr support() const override;
  std::string repr() const override;

private:
  int64_t dim_;
};

} // namespace kiln::dist
