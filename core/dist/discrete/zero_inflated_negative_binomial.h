#pragma once

#include "core/dist/discrete/probs_logits.h"
#include "core/dist/distribution.h"

namespace kiln::dist {

// ZeroInflatedNegativeBinomial(total_count, *, probs=None, logits=None, gate=None,
// gate_logits=None): 0 with probability gate (or sigmoid(gate_logits)), else a
// NegativeBinomial(total_count, probs/logits) draw (Pyro). Samples are floats.
class ZeroInflatedNegativeBinomial : public Distribution {
public:
  ZeroInflatedNegativeBinomial(TensorArg total_count, ProbsOrLogits p, ProbsOrLogits gate);

  std::string name() const override { return "ZeroInflatedNegativeBinomial"; }
  std::shared_ptr<Distribution> clone() const override;

  // params(): total_count, the given probs or logits, the given gate or gate_logits, then the
  // two derived ones in the same order.
  const at::Tensor& total_count() const { return param_at(0); }
  const at::Tensor& probs() const { return param_at(from_logits_ ? 3 : 1); }
  const at::Tensor& logits() const { return param_at(from_logits_ ? 1 : 3); }
  const at::Tensor& gate() const { return param_at(gate_from_logits_ ? 4 : 2); }
  const at::Tensor& gate_logits() const { return param_at(gate_from_logits_ ? 2 : 4); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  ConstraintPtr support() const override;

private:
  bool from_logits_ = false;
  bool gate_from_logits_ = false;
};

} // namespace kiln::dist
