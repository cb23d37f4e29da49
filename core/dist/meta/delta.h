#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Delta(v, log_density=0., event_dim=0): a point mass at v (Pyro's Delta). The rightmost
// `event_dim` dims of v make one event; log_prob is log_density at v and -inf elsewhere, so a
// guide can carry a point estimate together with a log-density correction.
class Delta : public Distribution {
public:
  Delta(TensorArg v, TensorArg log_density = 0., int64_t event_dim = 0);

  std::string name() const override { return "Delta"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& v() const { return param_at(0); }
  const at::Tensor& log_density() const { return param_at(1); }

  bool has_rsample() const override { return true; }
  at::Tensor rsample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  ConstraintPtr support() const override;
};

} // namespace kiln::dist
