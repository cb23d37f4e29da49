#pragma once

#include "core/dist/distribution.h"

namespace kiln::dist {

// Multinomial(total_count=1, probs=None, logits=None): counts of `total_count` independent
// draws from a categorical over the last dim of probs (or softmax(logits)). As in torch,
// total_count is one integer for the whole batch; probs are normalized along the event.
class Multinomial : public Distribution {
public:
  Multinomial(int64_t total_count, Probs probs);
  Multinomial(int64_t total_count, Logits logits);

  std::string name() const override { return "Multinomial"; }
  std::shared_ptr<Distribution> clone() const override;

  int64_t total_count() const { return total_count_; }
  // Normalized probabilities and log-probabilities, whichever was given.
  const at::Tensor& probs() const { return param_at(probs_index_); }
  const at::Tensor& logits() const { return param_at(logits_index_); }

  at::Tensor sample(const Shape& sample_shape = {}) const override;
  at::Tensor log_prob(const at::Tensor& value) const override;
  at::Tensor mean() const override;
  at::Tensor variance() const override;
  ConstraintPtr support() const override;
  std::string repr() const override;

private:
  void check_total_count() const;

  int64_t total_count_;
  size_t probs_index_ = 0;
  size_t logits_index_ = 1;
};

} // namespace kiln::dist
