#include "core/dist/discrete/zero_inflated_negative_binomial.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/discrete/negative_binomial.h"
#include "core/dist/discrete/zero_inflated.h"

namespace kiln::dist {

namespace {
const bool registered = register_family({"ZeroInflatedNegativeBinomial",
                                         {"total_count", "probs", "logits", "gate", "gate_logits"},
                                         [](const DistArgs& a) {
                                           return std::make_shared<ZeroInflatedNegativeBinomial>(
                                               a.tensor("total_count"), probs_or_logits(a),
                                               probs_or_logits(a, "gate", "gate_logits"));
                                         },
                                         {},
                                         {{"probs", "logits"}, {"gate", "gate_logits"}}});
} // namespace

ZeroInflatedNegativeBinomial::ZeroInflatedNegativeBinomial(TensorArg total_count, ProbsOrLogits p,
                                                           ProbsOrLogits gate)
    : from_logits_(p.is_logits), gate_from_logits_(gate.is_logits) {
  auto unit = constraints::unit_interval();
  auto half_open = constraints::half_open_interval(at::scalar_tensor(0., at::kDouble),
                                                   at::scalar_tensor(1., at::kDouble));
  init_params({{"total_count", std::move(total_count), constraints::greater_than_eq(0.)},
               {from_logits_ ? "logits" : "probs", std::move(p.value),
                from_logits_ ? constraints::real() : half_open},
               {gate_from_logits_ ? "gate_logits" : "gate", std::move(gate.value),
                gate_from_logits_ ? constraints::real() : unit}},
              {});
  if (from_logits_)
    add_derived("probs", at::sigmoid(param_at(1)));
  else
    add_derived("logits", binary_probs_to_logits(param_at(1)));
  if (gate_from_logits_)
    add_derived("gate", at::sigmoid(param_at(2)));
  else
    add_derived("gate_logits", binary_probs_to_logits(param_at(2)));
}

std::shared_ptr<Distribution> ZeroInflatedNegativeBinomial::clone() const {
  return std::make_shared<ZeroInflatedNegativeBinomial>(*this);
}

at::Tensor ZeroInflatedNegativeBinomial::sample(const Shape& sample_shape) const {
  auto base = negative_binomial_sample(total_count(), logits(), extended_shape(sample_shape));
  return zero_inflated_sample(base, gate());
}

at::Tensor ZeroInflatedNegativeBinomial::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  auto base = negative_binomial_log_prob(total_count(), logits(), value);
  return zero_inflated_log_prob(base, value, gate(), gate_logits(), gate_from_logits_);
}

at::Tensor ZeroInflatedNegativeBinomial::mean() const {
  return zero_inflated_mean(gate(), negative_binomial_mean(total_count(), logits()));
}

at::Tensor ZeroInflatedNegativeBinomial::variance() const {
  return zero_inflated_variance(gate(), negative_binomial_mean(total_count(), logits()),
                                negative_binomial_variance(total_count(), logits()));
}

ConstraintPtr ZeroInflatedNegativeBinomial::support() const {
  return constraints::nonnegative_integer();
}

} // namespace kiln::dist
