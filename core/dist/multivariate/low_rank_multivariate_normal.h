#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// LowRankMultivariateNormal(loc, cov_factor, cov_diag): the Gaussian with covariance
// W W^T + diag(D), W = cov_factor of shape (n, r). Densities use the Woodbury identity and the
// matrix determinant lemma through the r x r "capacitance" I + W^T D^-1 W, as torch does, so
// nothing of size n x n is factored.
class LowRankMultivariateNormal : public Distribution {
public:
  LowRankMultivariateNormal(TensorArg loc, TensorArg cov_factor, TensorArg cov_diag);

  std::string name() const override { return "LowRankMultivariateNormal"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& loc() const { return param_at(0); }
  const at::Tensor& cov_factor() const { return param_at(1); }
  const at::Tensor& cov_diag() const { return param_at(2); }
  // The lower Cholesky factor of I + W^T D^-1 W.
  const at::Tensor& capacitance_tril() const { return param_at(3); }
  at::Tensor covariance_matrix() const;
  at::Tensor precision_matrix() const;
  at::Tensor scale_tril() const;

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  ConstraintPtr support() const override;

private:
  // log det(W W^T + D) = log det(capacitance) + sum log D (matrix determinant lemma).
  at::Tensor log_det() const;
};

} // namespace kiln::dist
