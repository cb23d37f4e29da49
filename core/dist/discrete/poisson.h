#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Poisson(rate): counts with mean rate >= 0. Samples are floats. (Pyro's is_sparse option, a
// speed-up for mostly-zero data, is not offered.)
class Poisson : public Distribution {
public:
  explicit Poisson(TensorArg rate);

  std::string name() const override { return "Poisson"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& rate() const { return param_at(0); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  ConstraintPtr support() const override;
};

// The Poisson log mass, for the families built on it (ZeroInflatedPoisson).
at::Tensor poisson_log_prob(const at::Tensor& rate, const at::Tensor& value);

} // namespace kiln::dist
