#include "core/dist/discrete/geometric.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const bool registered = register_family(
    {"Geometric",
     {"probs", "logits"},
     [](const DistArgs& a) { return std::make_shared<Geometric>(probs_or_logits(a)); },
     {},
     {{"probs", "logits"}}});
} // namespace

Geometric::Geometric(ProbsOrLogits p) : from_logits_(p.is_logits) {
  if (from_logits_) {
    init_params({{"logits", std::move(p.value), constraints::real()}}, {});
    add_derived("probs", at::sigmoid(param_at(0)));
  } else {
    init_params({{"probs", std::move(p.value), constraints::unit_interval()}}, {});
    add_derived("logits", binary_probs_to_logits(param_at(0)));
  }
}

std::shared_ptr<Distribution> Geometric::clone() const {
  return std::make_shared<Geometric>(*this);
}

at::Tensor Geometric::sample(const Shape& sample_shape) const {
  at::NoGradGuard no_grad;
  // Inversion (torch's sampler): floor(log U / log(1 - p)), U in [tiny, 1).
  auto u = at::empty(extended_shape(sample_shape), options());
  u.uniform_(finfo_tiny(u), 1, generator());
  return (u.log() / (-probs()).log1p()).floor();
}

at::Tensor Geometric::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  // probs = 1 at value 0 has mass 1; 0 * log1p(-1) = NaN would lose it (torch sets p to 0
  // there, without writing in place so that gradients flow).
  const auto& p = probs();
  auto safe = at::where((p == 1) & (value == 0), at::zeros({}, p.options()), p);
  return value * (-safe).log1p() + p.log();
}

at::Tensor Geometric::mean() const {
  return 1 / probs() - 1;
}
at::Tensor Geometric::variance() const {
  return (1 / probs() - 1) / probs();
}

at::Tensor Geometric::entropy() const {
  // binary_cross_entropy_with_logits(logits, probs) / probs.
  return (at::softplus(logits()) - probs() * logits()) / probs();
}

ConstraintPtr Geometric::support() const {
  return constraints::nonnegative_integer();
}

} // namespace kiln::dist
