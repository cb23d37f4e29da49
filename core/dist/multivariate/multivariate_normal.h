#pragma once

#include <optional>

#include "core/dist/distribution.h"

namespace kiln::dist {

// MultivariateNormal(loc, covariance_matrix=None, precision_matrix=None, scale_tril=None): the
// Gaussian on R^n given by exactly one of its covariance, its precision, or the lower Cholesky
// factor of its covariance. The Cholesky factor is always kept (as param "scale_tril"), and
// every computation goes through it: log_prob by a triangular solve, never an inverse.
class MultivariateNormal : public Distribution {
public:
  MultivariateNormal(TensorArg loc, std::optional<TensorArg> covariance_matrix,
                     std::optional<TensorArg> precision_matrix = std::nullopt,
                     std::optional<TensorArg> scale_tril = std::nullopt);

  std::string name() const override { return "MultivariateNormal"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& loc() const { return param_at(0); }
  const at::Tensor& scale_tril() const { return param_at(scale_tril_index_); }
  at::Tensor covariance_matrix() const;
  at::Tensor precision_matrix() const;

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  ConstraintPtr support() const override;

private:
  size_t scale_tril_index_ = 1;
};

} // namespace kiln::dist
