#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Unit(log_factor): Pyro's trivial distribution over the empty value, which only adds
// log_factor to the joint density (how pyro.factor is implemented). event_shape is (0,), so
// every value has numel() == 0 and samples are empty tensors of shape sample + batch + (0,).
class Unit : public Distribution {
public:
  explicit Unit(TensorArg log_factor, bool has_rsample = false);

  std::string name() const override { return "Unit"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& log_factor() const { return param_at(0); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  bool has_rsample() const override { return has_rsample_; }
  at::Tensor log_prob(const at::Tensor& value) const override;
  ConstraintPtr support() const override;

private:
  bool has_rsample_;
};

} // namespace kiln::dist
