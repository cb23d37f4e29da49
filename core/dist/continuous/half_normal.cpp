#include "core/dist/continuous/half_normal.h"

#include <cmath>
#include <limits>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const double kHalfLog2Pi = 0.5 * std::log(2 * M_PI);

const bool registered = register_family({"HalfNormal", {"scale"}, [](const DistArgs& a) {
                                           return std::make_shared<HalfNormal>(a.tensor("scale"));
                                         }});
} // namespace

HalfNormal::HalfNormal(TensorArg scale) {
  init_params({{"scale", std::move(scale), constraints::positive()}}, {});
}

std::shared_ptr<Distribution> HalfNormal::clone() const {
  return std::make_shared<HalfNormal>(*this);
}

at::Tensor HalfNormal::rsample(const Shape& sample_shape) const {
  auto eps = standard_normal(extended_shape(sample_shape), options());
  return scale() * eps.abs();
}

// Twice the Normal(0, scale) density on [0, inf); -inf below 0 when validation is off, as torch.
at::Tensor HalfNormal::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  auto z = value / scale();
  auto lp = -0.5 * z * z - scale().log() - kHalfLog2Pi + M_LN2;
  return at::where(value >= 0, lp, at::full_like(lp, -std::numeric_limits<double>::infinity()));
}

at::Tensor HalfNormal::mean() const {
  return scale() * std::sqrt(2 / M_PI);
}
at::Tensor HalfNormal::variance() const {
  return scale().pow(2) * (1 - 2 / M_PI);
}
at::Tensor HalfNormal::entropy() const {
  return 0.5 + kHalfLog2Pi - M_LN2 + scale().log();
}

at::Tensor HalfNormal::cdf(const at::Tensor& value) const {
  return at::erf(value / (scale() * M_SQRT2));
}

at::Tensor HalfNormal::icdf(const at::Tensor& q) const {
  return scale() * M_SQRT2 * at::erfinv(q);
}

ConstraintPtr HalfNormal::support() const {
  return constraints::nonnegative();
}

} // namespace kiln::dist
