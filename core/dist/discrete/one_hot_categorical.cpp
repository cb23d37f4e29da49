#include "core/dist/discrete/one_hot_categorical.h"

#include <ATen/ATen.h>

#include "core/dist/discrete/enumerate.h"

namespace kiln::dist {

namespace {
const bool registered = register_family(
    {"OneHotCategorical",
     {"probs", "logits"},
     [](const DistArgs& a) { return std::make_shared<OneHotCategorical>(probs_or_logits(a)); },
     {},
     {{"probs", "logits"}}});

// Vectors of 0s and 1s with exactly one 1 (torch's constraints.one_hot, which Kiln's constraint
// set lacks).
class OneHot : public Constraint {
public:
  std::string name() const override { return "one_hot"; }
  std::string requirement() const override { return "a one-hot vector (one 1, the rest 0)"; }
  at::Tensor check(const at::Tensor& v) const override {
    return ((v == 0) | (v == 1)).all(-1) & (v.sum(-1) == 1);
  }
  int64_t event_dim() const override { return 1; }
  bool is_discrete() const override { return true; }
};
} // namespace

OneHotCategorical::OneHotCategorical(ProbsOrLogits p) {
  init_categorical(std::move(p));
  set_shapes(batch_shape(), {num_events()});
}

std::shared_ptr<Distribution> OneHotCategorical::clone() const {
  return std::make_shared<OneHotCategorical>(*this);
}

at::Tensor OneHotCategorical::sample(const Shape& sample_shape) const {
  return at::one_hot(sample_index(sample_shape), num_events()).to(options());
}

at::Tensor OneHotCategorical::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  return log_prob_at(value.argmax(-1));
}

at::Tensor OneHotCategorical::mean() const {
  return probs();
}
at::Tensor OneHotCategorical::variance() const {
  return probs() * (1 - probs());
}

ConstraintPtr OneHotCategorical::support() const {
  static const ConstraintPtr c = std::make_shared<OneHot>();
  return c;
}

at::Tensor OneHotCategorical::enumerate_support(bool expand) const {
  return enumerate_values(at::eye(num_events(), options()), batch_shape(), expand, 1);
}

} // namespace kiln::dist
