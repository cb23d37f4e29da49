#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// DirichletMultinomial(concentration, total_count=1) (Pyro): Multinomial counts whose
// probabilities are first drawn from Dirichlet(concentration). total_count may vary along the
// batch.
class DirichletMultinomial : public Distribution {
public:
  DirichletMultinomial(TensorArg concentration, TensorArg total_count = 1.);

  std::string name() const override { return "DirichletMultinomial"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& concentration() const { return param_at(0); }
  const at::Tensor& total_count() const { return param_at(1); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  ConstraintPtr support() const override;
};

} // namespace kiln::dist
