#pragma once

#include "core/dist/discrete/probs_logits.h"
#include "core/dist/distribution.h"

namespace kiln::dist {

// Bernoulli(probs=None, logits=None): 1 with probability probs = sigmoid(logits), else 0.
// Samples are floats of the parameters' dtype, as in torch.
class Bernoulli : public Distribution {
public:
  explicit Bernoulli(ProbsOrLogits p);

  std::string name() const override { return "Bernoulli"; }
  std::shared_ptr<Distribution> clone() const override;

  // The given parameter comes first in params(), the derived one second.
  const at::Tensor& probs() const { return param_at(from_logits_ ? 1 : 0); }
  const at::Tensor& logits() const { return param_at(from_logits_ ? 0 : 1); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  ConstraintPtr support() const override;
  bool has_enumerate_support() const override { return true; }
  at::Tensor enumerate_support(bool expand = true) const override;

private:
  bool from_logits_ = false;
};

} // namespace kiln::dist
