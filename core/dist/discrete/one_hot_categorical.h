#pragma once

#include "core/dist/discrete/categorical.h"

namespace kiln::dist {

// OneHotCategorical(probs=None, logits=None): a Categorical draw written as a one-hot vector of
// length K (event_shape (K,)), in the parameters' floating dtype.
class OneHotCategorical : public CategoricalBase {
public:
  explicit OneHotCategorical(ProbsOrLogits p);

  std::string name() const override { return "OneHotCategorical"; }
  std::shared_ptr<Distribution> clone() const override;

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  ConstraintPtr support() const override;
  bool has_enumerate_support() const override { return true; }
  at::Tensor enumerate_support(bool expand = true) const override;
};

} // namespace kiln::dist
