#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// GammaPoisson(concentration, rate): a Poisson whose rate is drawn from
// Gamma(concentration, rate), i.e. a negative binomial in Pyro's parameterization. Samples are
// floats.
class GammaPoisson : public Distribution {
public:
  GammaPoisson(TensorArg concentration, TensorArg rate);

  std::string name() const override { return "GammaPoisson"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& concentration() const { return param_at(0); }
  const at::Tensor& rate() const { return param_at(1); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  ConstraintPtr support() const override;
};

} // namespace kiln::dist
