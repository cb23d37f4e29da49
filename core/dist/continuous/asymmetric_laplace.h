#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// AsymmetricLaplace(loc, scale, asymmetry) in Pyro's parameterization: exponential tails of
// scale `scale * asymmetry` left of loc and `scale / asymmetry` right of it.
class AsymmetricLaplace : public Distribution {
public:
  AsymmetricLaplace(TensorArg loc, TensorArg scale, TensorArg asymmetry);

  std::string name() const override { return "AsymmetricLaplace"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& loc() const { return param_at(0); }
  const at::Tensor& scale() const { return param_at(1); }
  const at::Tensor& asymmetry() const { return param_at(2); }
  // The scales of the exponential tails left and right of loc.
  at::Tensor left_scale() const;
  at::Tensor right_scale() const;

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  at::Tensor cdf(const at::Tensor& value) const override;
  at::Tensor icdf(const at::Tensor& q) const override;
  ConstraintPtr support() const override;
};

} // namespace kiln::dist
