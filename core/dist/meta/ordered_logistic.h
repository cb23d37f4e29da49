#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// OrderedLogistic(predictor, cutpoints): Pyro's ordinal regression likelihood, a Categorical
// over K = len(cutpoints) + 1 ordered classes with P(y <= k) = sigmoid(cutpoints[k] -
// predictor). Its probabilities are exposed as `probs` and `logits` (normalized log
// probabilities), as a Categorical's are.
class OrderedLogistic : public Distribution {
public:
  OrderedLogistic(TensorArg predictor, TensorArg cutpoints);

  std::string name() const override { return "OrderedLogistic"; }
  std::shared_ptr<Distribution> clone() const override;

  const at::Tensor& predictor() const { return param_at(0); }
  const at::Tensor& cutpoints() const { return param_at(1); }
  const at::Tensor& logits() const { return param_at(2); }
  const at::Tensor& probs() const { return param_at(3); }
  int64_t num_categories() const { return logits().size(-1); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  at::Tensor entropy() const override;
  ConstraintPtr support() const override;
  bool has_enumerate_support() const override { return true; }
  at::Tensor enumerate_support(bool expand = true) const override;
};

} // namespace kiln::dist
