#include "core/dist/discrete/negative_binomial.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const bool registered = register_family({"NegativeBinomial",
                                         {"total_count", "probs", "logits"},
                                         [](const DistArgs& a) {
                                           return std::make_shared<NegativeBinomial>(
                                               a.tensor("total_count"), probs_or_logits(a));
                                         },
                                         {},
                                         {{"probs", "logits"}}});
} // namespace

at::Tensor negative_binomial_log_prob(const at::Tensor& total_count, const at::Tensor& logits,
                                      const at::Tensor& value) {
  // torch's NegativeBinomial.log_prob.
  auto log_unnormalized = total_count * at::log_sigmoid(-logits) + value * at::log_sigmoid(logits);
  auto log_normalization =
      -at::lgamma(total_count + value) + at::lgamma(1 + value) + at::lgamma(total_count);
  // total_count = 0 and value = 0 has mass 1, but lgamma(0) is infinite.
  log_normalization = at::where(total_count + value == 0,
                                at::zeros({}, log_normalization.options()), log_normalization);
  return log_unnormalized - log_normalization;
}

at::Tensor negative_binomial_sample(const at::Tensor& total_count, const at::Tensor& logits,
                                    const Shape& shape) {
  at::NoGradGuard no_grad;
  // A Poisson of a Gamma(total_count, rate = exp(-logits)) draw (torch's sampler).
  auto lambda = at::_standard_gamma(total_count.expand(shape).contiguous(), generator()) *
                logits.exp().expand(shape);
  return at::poisson(lambda.clamp_min(finfo_tiny(lambda)), generator());
}

at::Tensor negative_binomial_mean(const at::Tensor& total_count, const at::Tensor& logits) {
  return total_count * logits.exp();
}

at::Tensor negative_binomial_variance(const at::Tensor& total_count, const at::Tensor& logits) {
  return negative_binomial_mean(total_count, logits) / at::sigmoid(-logits);
}

NegativeBinomial::NegativeBinomial(TensorArg total_count, ProbsOrLogits p)
    : from_logits_(p.is_logits) {
  auto count = ParamSpec{"total_count", std::move(total_count), constraints::greater_than_eq(0.)};
  if (from_logits_) {
    init_params({std::move(count), {"logits", std::move(p.value), constraints::real()}}, {});
    add_derived("probs", at::sigmoid(param_at(1)));
  } else {
    init_params({std::move(count),
                 {"probs", std::move(p.value),
                  constraints::half_open_interval(at::scalar_tensor(0., at::kDouble),
                                                  at::scalar_tensor(1., at::kDouble))}},
                {});
    add_derived("logits", binary_probs_to_logits(param_at(1)));
  }
}

std::shared_ptr<Distribution> NegativeBinomial::clone() const {
  return std::make_shared<NegativeBinomial>(*this);
}

at::Tensor NegativeBinomial::sample(const Shape& sample_shape) const {
  return negative_binomial_sample(total_count(), logits(), extended_shape(sample_shape));
}

at::Tensor NegativeBinomial::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  return negative_binomial_log_prob(total_count(), logits(), value);
}

at::Tensor NegativeBinomial::mean() const {
  return negative_binomial_mean(total_count(), logits());
}
at::Tensor NegativeBinomial::variance() const {
  return negative_binomial_variance(total_count(), logits());
}

ConstraintPtr NegativeBinomial::support() const {
  return constraints::nonnegative_integer();
}

} // namespace kiln::dist
