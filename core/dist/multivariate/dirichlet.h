#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Dirichlet(concentration): the distribution on the simplex with density proportional to
// prod_i x_i^(concentration_i - 1); the event is the last dim of concentration.
class Dirichlet : public Distribution {
public:
  explicit Dirichlet(TensorArg concentration);

  std::string name() const override { return "Dirichlet"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& concentration() const { return param_at(0); }

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  ConstraintPtr support() const override;
};

} // namespace kiln::dist
