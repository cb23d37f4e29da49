#pragma once

#include "core/dist/discrete/probs_logits.h"
#include "core/dist/distribution.h"

namespace kiln::dist {

// ZeroInflatedPoisson(rate, *, gate=None, gate_logits=None): 0 with probability gate (or
// sigmoid(gate_logits)), else a Poisson(rate) draw (Pyro). Samples are floats.
class ZeroInflatedPoisson : public Distribution {
public:
  ZeroInflatedPoisson(TensorArg rate, ProbsOrLogits gate);

  std::string name() const override { return "ZeroInflatedPoisson"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& rate() const { return param_at(0); }
  const at::Tensor& gate() const { return param_at(gate_from_logits_ ? 2 : 1); }
  const at::Tensor& gate_logits() const { return param_at(gate_from_logits_ ? 1 : 2); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  ConstraintPtr support() const override;

private:
  bool gate_from_logits_ = false;
};

} // namespace kiln::dist
