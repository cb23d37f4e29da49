#include "core/dist/multivariate/multinomial.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/discrete/probs_logits.h"
#include "core/dist/registry.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {

const bool registered =
    register_family({"Multinomial",
                     {"total_count", "probs", "logits"},
                     [](const DistArgs& a) -> DistPtr {
                       const int64_t n = a.integer_or("total_count", 1);
                       auto choice = probs_or_logits(a);
                       if (choice.is_logits)
                         return std::make_shared<Multinomial>(n, Logits{std::move(choice.value)});
                       return std::make_shared<Multinomial>(n, Probs{std::move(choice.value)});
                     },
                     {"total_count"},
                     {{"probs", "logits"}}});

int64_t last_dim(const TensorArg& arg) {
  return arg.tensor().dim() > 0 ? arg.tensor().size(-1) : 0;
}

} // namespace

Multinomial::Multinomial(int64_t total_count, Probs probs) : total_count_(total_count) {
  check_total_count();
  const int64_t k = last_dim(probs.value);
  init_params({{"probs", normalized_probs(probs.value), constraints::simplex(), 1}}, {k});
  add_derived("logits", probs_to_logits(param_at(0)), 1);
  probs_index_ = 0;
  logits_index_ = 1;
}

Multinomial::Multinomial(int64_t total_count, Logits logits) : total_count_(total_count) {
  check_total_count();
  const int64_t k = last_dim(logits.value);
  init_params({{"logits", std::move(logits.value), constraints::real_vector(), 1}}, {k});
  param_at(0) = param_at(0) - param_at(0).logsumexp(-1, /*keepdim=*/true);
  add_derived("probs", param_at(0).exp(), 1);
  logits_index_ = 0;
  probs_index_ = 1;
}

void Multinomial::check_total_count() const {
  if (total_count_ < 0)
    throw DomainError("Multinomial: total_count is " + std::to_string(total_count_) +
                      ", but must be a nonnegative integer");
}

std::shared_ptr<Distribution> Multinomial::clone() const {
  return std::make_shared<Multinomial>(*this);
}

at::Tensor Multinomial::sample(const Shape& sample_shape) const {
  at::NoGradGuard no_grad;
  const Shape shape = extended_shape(sample_shape);
  const int64_t k = event_shape().back();
  auto counts = at::zeros({numel(shape) / k, k}, options());
  if (total_count_ > 0 && counts.size(0) > 0) {
    // total_count categorical draws per row, tallied into counts (torch samples the same way).
    auto flat = probs().detach().expand(shape).reshape({-1, k});
    auto draws = at::multinomial(flat, total_count_, /*replacement=*/true, generator());
    counts.scatter_add_(1, draws, at::ones(draws.sizes(), options()));
  }
  return counts.view(shape);
}

at::Tensor Multinomial::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  // log n! - sum_i log x_i! + sum_i x_i log p_i, with 0 * log 0 = 0 for impossible categories
  // that were not observed (torch zeroes those logits the same way).
  auto lp = at::where((value == 0) & at::isinf(logits()), at::zeros_like(logits()), logits());
  return at::lgamma(value.sum(-1) + 1) - at::lgamma(value + 1).sum(-1) + (lp * value).sum(-1);
}

at::Tensor Multinomial::mean() const {
  return probs() * static_cast<double>(total_count_);
}

at::Tensor Multinomial::variance() const {
  return static_cast<double>(total_count_) * probs() * (1 - probs());
}

ConstraintPtr Multinomial::support() const {
  return constraints::multinomial(at::scalar_tensor(static_cast<double>(total_count_), options()));
}

// total_count is a plain integer, not a param: the base repr would leave it out.
std::string Multinomial::repr() const {
  const std::string base = Distribution::repr();
  return name() + "(total_count: " + std::to_string(total_count_) + ", " +
         base.substr(name().size() + 1);
}

} // namespace kiln::dist
