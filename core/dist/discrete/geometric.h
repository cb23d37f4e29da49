#pragma once

#include "core/dist/discrete/probs_logits.h"
#include "core/dist/distribution.h"

namespace kiln::dist {

// Geometric(probs=None, logits=None): the number of failures before the first success in
// trials of probability probs = sigmoid(logits) (support 0, 1, 2, ...). Samples are floats.
class Geometric : public Distribution {
public:
  explicit Geometric(ProbsOrLogits p);

  std::string name() const override { return "Geometric"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& probs() const { return param_at(from_logits_ ? 1 : 0); }
  const at::Tensor& logits() const { return param_at(from_logits_ ? 0 : 1); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  ConstraintPtr support() const override;

private:
  bool from_logits_ = false;
};

} // namespace kiln::dist
