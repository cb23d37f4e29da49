#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// GaussianRandomWalk(scale=1., num_steps=1) (NumPyro): a walk x_1, ..., x_num_steps from 0
// with independent Normal(0, scale) increments; event_shape (num_steps,).
class GaussianRandomWalk : public Distribution {
public:
  explicit GaussianRandomWalk(TensorArg scale = 1., int64_t num_steps = 1);

  std::string name() const override { return "GaussianRandomWalk"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& scale() const { return param_at(0); }
  int64_t num_steps() const { return num_steps_; }

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  // num_steps * Normal(0, scale).entropy(): the walk is a unit-triangular (volume preserving)
  // map of its increments. NumPyro has no entropy for this family; the form is exact.
  at::Tensor entropy() const override;
  ConstraintPtr support() const override;
  std::string repr() const override;

private:
  int64_t num_steps_;
};

} // namespace kiln::dist
