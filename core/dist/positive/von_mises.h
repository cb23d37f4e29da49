#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// VonMises(loc, concentration): the circular distribution with density
// exp(concentration * cos(x - loc)) / (2 pi I0(concentration)). As in torch, the density is
// defined on the whole real line (support real, periodic), samples lie in [-pi, pi), mean() is
// loc and variance() is the circular variance 1 - I1(k) / I0(k).
class VonMises : public Distribution {
public:
  VonMises(TensorArg loc, TensorArg concentration);

  std::string name() const override { return "VonMises"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& loc() const { return param_at(0); }
  const at::Tensor& concentration() const { return param_at(1); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  ConstraintPtr support() const override;
};

} // namespace kiln::dist
