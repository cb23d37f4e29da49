#include "core/dist/discrete/bernoulli.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/discrete/enumerate.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const bool registered = register_family(
    {"Bernoulli",
     {"probs", "logits"},
     [](const DistArgs& a) { return std::make_shared<Bernoulli>(probs_or_logits(a)); },
     {},
     {{"probs", "logits"}}});
} // namespace

Bernoulli::Bernoulli(ProbsOrLogits p) : from_logits_(p.is_logits) {
  if (from_logits_) {
    init_params({{"logits", std::move(p.value), constraints::real()}}, {});
    add_derived("probs", at::sigmoid(param_at(0)));
  } else {
    init_params({{"probs", std::move(p.value), constraints::unit_interval()}}, {});
    add_derived("logits", binary_probs_to_logits(param_at(0)));
  }
}

std::shared_ptr<Distribution> Bernoulli::clone() const {
  return std::make_shared<Bernoulli>(*this);
}

at::Tensor Bernoulli::sample(const Shape& sample_shape) const {
  at::NoGradGuard no_grad;
  return at::bernoulli(probs().expand(extended_shape(sample_shape)), generator());
}

at::Tensor Bernoulli::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  // -binary_cross_entropy_with_logits(logits, value), written out so that it broadcasts:
  // value * logits - softplus(logits).
  return value * logits() - at::softplus(logits());
}

at::Tensor Bernoulli::mean() const {
  return probs();
}
at::Tensor Bernoulli::variance() const {
  return probs() * (1 - probs());
}

at::Tensor Bernoulli::entropy() const {
  return at::softplus(logits()) - probs() * logits();
}

ConstraintPtr Bernoulli::support() const {
  return constraints::boolean();
}

at::Tensor Bernoulli::enumerate_support(bool expand) const {
  return enumerate_values(at::arange(2, options()), batch_shape(), expand);
}

} // namespace kiln::dist
