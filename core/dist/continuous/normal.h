#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Normal(loc, scale): the Gaussian with mean loc and standard deviation scale > 0.
class Normal : public Distribution {
public:
  Normal(TensorArg loc, TensorArg scale);

  std::string name() const override { return "Normal"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& loc() const { return param_at(0); }
  const at::Tensor& scale() const { return param_at(1); }

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  at::Tensor cdf(const at::Tensor& value) const override;
  at::Tensor icdf(const at::Tensor& q) const override;
  ConstraintPtr support() const override;

  // For an autoguide's own Normal, whose samples only its ELBO scores: log_prob of the very
  // tensor rsample returned (unmodified) is -eps^2 / 2 - log(scale) - log(2 pi) / 2 from the
  // noise eps that made it. The value and its gradient with respect to loc and scale are the
  // general formula's (through the sample, (value - loc) / scale is eps); the partial gradient
  // with respect to the sample itself is not, which is why this is not the default.
  void score_own_samples_by_noise() { by_noise_ = true; }

private:
  bool by_noise_ = false;
  mutable at::Tensor last_sample_, last_noise_;
  mutable int64_t last_version_ = -1;
};

} // namespace kiln::dist
