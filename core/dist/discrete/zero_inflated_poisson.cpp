#include "core/dist/discrete/zero_inflated_poisson.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/discrete/poisson.h"
#include "core/dist/discrete/zero_inflated.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const bool registered =
    register_family({"ZeroInflatedPoisson",
                     {"rate", "gate", "gate_logits"},
                     [](const DistArgs& a) {
                       return std::make_shared<ZeroInflatedPoisson>(
                           a.tensor("rate"), probs_or_logits(a, "gate", "gate_logits"));
                     },
                     {},
                     {{"gate", "gate_logits"}}});
} // namespace

ZeroInflatedPoisson::ZeroInflatedPoisson(TensorArg rate, ProbsOrLogits gate)
    : gate_from_logits_(gate.is_logits) {
  auto r = ParamSpec{"rate", std::move(rate), constraints::positive()};
  if (gate_from_logits_) {
    init_params({std::move(r), {"gate_logits", std::move(gate.value), constraints::real()}}, {});
    add_derived("gate", at::sigmoid(param_at(1)));
  } else {
    init_params({std::move(r), {"gate", std::move(gate.value), constraints::unit_interval()}}, {});
    add_derived("gate_logits", binary_probs_to_logits(param_at(1)));
  }
}

std::shared_ptr<Distribution> ZeroInflatedPoisson::clone() const {
  return std::make_shared<ZeroInflatedPoisson>(*this);
}

at::Tensor ZeroInflatedPoisson::sample(const Shape& sample_shape) const {
  at::NoGradGuard no_grad;
  auto base = at::poisson(rate().expand(extended_shape(sample_shape)).contiguous(), generator());
  return zero_inflated_sample(base, gate());
}

at::Tensor ZeroInflatedPoisson::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  return zero_inflated_log_prob(poisson_log_prob(rate(), value), value, gate(), gate_logits(),
                                gate_from_logits_);
}

at::Tensor ZeroInflatedPoisson::mean() const {
  return zero_inflated_mean(gate(), rate());
}
at::Tensor ZeroInflatedPoisson::variance() const {
  return zero_inflated_variance(gate(), rate(), rate());
}

ConstraintPtr ZeroInflatedPoisson::support() const {
  return constraints::nonnegative_integer();
}

} // namespace kiln::dist
