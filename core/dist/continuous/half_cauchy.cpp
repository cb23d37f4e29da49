#include "core/dist/continuous/half_cauchy.h"

#include <cmath>
#include <limits>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const bool registered = register_family({"HalfCauchy", {"scale"}, [](const DistArgs& a) {
                                           return std::make_shared<HalfCauchy>(a.tensor("scale"));
                                         }});
} // namespace

HalfCauchy::HalfCauchy(TensorArg scale) {
  init_params({{"scale", std::move(scale), constraints::positive()}}, {});
}

std::shared_ptr<Distribution> HalfCauchy::clone() const {
  return std::make_shared<HalfCauchy>(*this);
}

at::Tensor HalfCauchy::rsample(const Shape& sample_shape) const {
  auto eps = at::empty(extended_shape(sample_shape), options()).cauchy_(0, 1, generator());
  return scale() * eps.abs();
}

// Twice the Cauchy(0, scale) density on [0, inf); -inf below 0 when validation is off, as torch.
at::Tensor HalfCauchy::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  auto z = value / scale();
  auto lp = M_LN2 - std::log(M_PI) - scale().log() - at::log1p(z * z);
  return at::where(value >= 0, lp, at::full_like(lp, -std::numeric_limits<double>::infinity()));
}

// torch returns inf; Kiln reports the missing moments, as for Cauchy.
at::Tensor HalfCauchy::mean() const {
  throw NotSupportedError("HalfCauchy has no finite mean");
}

at::Tensor HalfCauchy::variance() const {
  throw NotSupportedError("HalfCauchy has no finite variance");
}

// The Cauchy entropy log(4 pi scale) less log 2 for folding.
at::Tensor HalfCauchy::entropy() const {
  return std::log(2 * M_PI) + scale().log();
}

at::Tensor HalfCauchy::cdf(const at::Tensor& value) const {
  return at::atan(value / scale()) * (2 / M_PI);
}

at::Tensor HalfCauchy::icdf(const at::Tensor& q) const {
  return scale() * at::tan(q * (M_PI / 2));
}

ConstraintPtr HalfCauchy::support() const {
  return constraints::nonnegative();
}

} // namespace kiln::dist
