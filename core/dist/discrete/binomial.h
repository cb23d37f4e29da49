#pragma once

#include "core/dist/discrete/probs_logits.h"
#include "core/dist/distribution.h"

namespace kiln::dist {

// Binomial(total_count=1, probs=None, logits=None): the number of successes in total_count
// independent trials of probability probs = sigmoid(logits). Samples are floats.
class Binomial : public Distribution {
public:
  Binomial(TensorArg total_count, ProbsOrLogits p);

  std::string name() const override { return "Binomial"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& total_count() const { return param_at(0); }
  const at::Tensor& probs() const { return param_at(from_logits_ ? 2 : 1); }
  const at::Tensor& logits() const { return param_at(from_logits_ ? 1 : 2); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  // By enumeration, as torch computes it (homogeneous total_count only).
  at::Tensor entropy() const override;
  ConstraintPtr support() const override;
  bool has_enumerate_support() const override { return true; }
  at::Tensor enumerate_support(bool expand = true) const override;

private:
  bool from_logits_ = false;
};

} // namespace kiln::dist
