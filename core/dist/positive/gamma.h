#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Gamma(concentration, rate): density rate^a x^(a-1) e^(-rate x) / Gamma(a) on x >= 0, with
// a = concentration > 0 and rate > 0.
class Gamma : public Distribution {
public:
  Gamma(TensorArg concentration, TensorArg rate);

  std::string name() const override { return "Gamma"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& concentration() const { return param_at(0); }
  const at::Tensor& rate() const { return param_at(1); }

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  at::Tensor cdf(const at::Tensor& value) const override;
  ConstraintPtr support() const override;
};

// The gamma arithmetic that Gamma, Chi2, InverseGamma and Beta share.
namespace gamma_math {

// log density of Gamma(concentration, rate) at value (as torch: xlogy keeps x = 0 exact).
at::Tensor log_prob(const at::Tensor& concentration, const at::Tensor& rate,
                    const at::Tensor& value);
// Standard gamma draws of shape `shape` (concentration broadcast to it), kept away from 0 as
// torch does. ATen's _standard_gamma differentiates by implicit reparameterization
// (Figurnov, Mohamed & Mnih 2018), so the draws carry gradients to the concentration.
at::Tensor standard_rsample(const at::Tensor& concentration, const Shape& shape);
at::Tensor entropy(const at::Tensor& concentration, const at::Tensor& rate);

} // namespace gamma_math

} // namespace kiln::dist
