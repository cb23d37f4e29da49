#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Pareto(scale, alpha): P(X > x) = (scale / x)^alpha on x >= scale, with scale > 0, alpha > 0.
class Pareto : public Distribution {
public:
  Pareto(TensorArg scale, TensorArg alpha);

  std::string name() const override { return "Pareto"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& scale() const { return param_at(0); }
  const at::Tensor& alpha() const { return param_at(1); }

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  // Infinite where alpha <= 1 (mean) or <= 2 (variance), as in torch.
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  at::Tensor cdf(const at::Tensor& value) const override;
  at::Tensor icdf(const at::Tensor& q) const override;
  ConstraintPtr support() const override;
};

} // namespace kiln::dist
