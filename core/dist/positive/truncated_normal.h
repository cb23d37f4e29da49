#pragma once

#include <optional>

#include "core/dist/distribution.h"

namespace kiln::dist {

// TruncatedNormal(loc=0, scale=1, low=None, high=None): Normal(loc, scale) conditioned on
// [low, high], NumPyro's family (Pyro has none). A missing low is -inf and a missing high +inf;
// both are kept as parameters, so one bound may also be infinite along part of the batch.
class TruncatedNormal : public Distribution {
public:
  TruncatedNormal(TensorArg loc = 0.0, TensorArg scale = 1.0,
                  std::optional<TensorArg> low = std::nullopt,
                  std::optional<TensorArg> high = std::nullopt);

  std::string name() const override { return "TruncatedNormal"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& loc() const { return param_at(0); }
  const at::Tensor& scale() const { return param_at(1); }
  const at::Tensor& low() const { return param_at(2); }
  const at::Tensor& high() const { return param_at(3); }

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  // The closed form (NumPyro has none): log(sqrt(2 pi e) scale Z) + (a phi(a) - b phi(b)) / 2Z.
  at::Tensor entropy() const override;
  at::Tensor cdf(const at::Tensor& value) const override;
  at::Tensor icdf(const at::Tensor& q) const override;
  ConstraintPtr support() const override;

private:
  // The bounds standardized, (low - loc) / scale and (high - loc) / scale, and the log of the
  // mass Z = Phi(b) - Phi(a) that the truncation keeps.
  struct Standardized {
    at::Tensor a, b, log_z;
  };
  Standardized standardized() const;
};

} // namespace kiln::dist
