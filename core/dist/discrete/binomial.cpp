#include "core/dist/discrete/binomial.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/discrete/enumerate.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const bool registered = register_family({"Binomial",
                                         {"total_count", "probs", "logits"},
                                         [](const DistArgs& a) {
                                           return std::make_shared<Binomial>(
                                               a.tensor_or("total_count", 1), probs_or_logits(a));
                                         },
                                         {"total_count"},
                                         {{"probs", "logits"}}});

// max(x, 0) with gradient 1/2 at x = 0 (torch's _clamp_by_zero), so that the normalizer below
// has the right gradient at logits = 0.
at::Tensor clamp_by_zero(const at::Tensor& x) {
  return (x.clamp_min(0) + x - x.clamp_max(0)) / 2;
}
} // namespace

Binomial::Binomial(TensorArg total_count, ProbsOrLogits p) : from_logits_(p.is_logits) {
  auto count = ParamSpec{"total_count", std::move(total_count), constraints::nonnegative_integer()};
  if (from_logits_) {
    init_params({std::move(count), {"logits", std::move(p.value), constraints::real()}}, {});
    add_derived("probs", at::sigmoid(param_at(1)));
  } else {
    init_params({std::move(count), {"probs", std::move(p.value), constraints::unit_interval()}},
                {});
    add_derived("logits", binary_probs_to_logits(param_at(1)));
  }
}

std::shared_ptr<Distribution> Binomial::clone() const {
  return std::make_shared<Binomial>(*this);
}

at::Tensor Binomial::sample(const Shape& sample_shape) const {
  at::NoGradGuard no_grad;
  const Shape shape = extended_shape(sample_shape);
  return at::binomial(total_count().expand(shape).contiguous(), probs().expand(shape).contiguous(),
                      generator());
}

at::Tensor Binomial::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  const auto& n = total_count();
  const auto& x = logits();
  // n * log(1 + exp(x)), stable for large |x| (torch's Binomial.log_prob).
  auto normalize = n * clamp_by_zero(x) + n * at::log1p(at::exp(-x.abs())) - at::lgamma(n + 1);
  return value * x - at::lgamma(value + 1) - at::lgamma(n - value + 1) - normalize;
}

at::Tensor Binomial::mean() const {
  return total_count() * probs();
}
at::Tensor Binomial::variance() const {
  return total_count() * probs() * (1 - probs());
}

at::Tensor Binomial::entropy() const {
  auto lp = log_prob(enumerate_support(false));
  return -(lp.exp() * lp).sum(0);
}

ConstraintPtr Binomial::support() const {
  return constraints::integer_interval(at::zeros({}, options()), total_count());
}

at::Tensor Binomial::enumerate_support(bool expand) const {
  const int64_t n = homogeneous_total_count(name(), total_count());
  return enumerate_values(at::arange(n + 1, options()), batch_shape(), expand);
}

} // namespace kiln::dist
