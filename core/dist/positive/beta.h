#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Beta(concentration1, concentration0): density x^(a-1) (1-x)^(b-1) / B(a, b) on [0, 1], with
// a = concentration1 > 0 and b = concentration0 > 0.
class Beta : public Distribution {
public:
  Beta(TensorArg concentration1, TensorArg concentration0);

  std::string name() const override { return "Beta"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& concentration1() const { return param_at(0); }
  const at::Tensor& concentration0() const { return param_at(1); }

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  ConstraintPtr support() const override;
};

} // namespace kiln::dist
