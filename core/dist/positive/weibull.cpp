#include "core/dist/positive/weibull.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const bool registered = register_family(
    {"Weibull", {"scale", "concentration"}, [](const DistArgs& a) {
       return std::make_shared<Weibull>(a.tensor("scale"), a.tensor("concentration"));
     }});

const double kEulerGamma = 0.57721566490153286061;
} // namespace

Weibull::Weibull(TensorArg scale, TensorArg concentration) {
  init_params({{"scale", std::move(scale), constraints::positive()},
               {"concentration", std::move(concentration), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> Weibull::clone() const {
  return std::make_shared<Weibull>(*this);
}

// scale * E^(1 / concentration) for E ~ Exponential(1), as torch's transformed Exponential.
// E is kept off 0 so that the gradient in the concentration (which has a log E factor) is
// finite.
at::Tensor Weibull::rsample(const Shape& sample_shape) const {
  auto e = at::empty(extended_shape(sample_shape), options()).exponential_(1, generator());
  e.clamp_min_(finfo_tiny(e));
  return scale() * at::exp(at::log(e) / concentration());
}

at::Tensor Weibull::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  const auto& k = concentration();
  auto z = value / scale();
  return at::log(k) - at::log(scale()) + at::xlogy(k - 1, z) - at::pow(z, k);
}

at::Tensor Weibull::mean() const {
  return scale() * at::exp(at::lgamma(1 + concentration().reciprocal()));
}

at::Tensor Weibull::variance() const {
  auto inv = concentration().reciprocal();
  return scale().pow(2) * (at::exp(at::lgamma(1 + 2 * inv)) - at::exp(2 * at::lgamma(1 + inv)));
}

at::Tensor Weibull::entropy() const {
  const auto& k = concentration();
  return kEulerGamma * (1 - k.reciprocal()) + at::log(scale() / k) + 1;
}

at::Tensor Weibull::cdf(const at::Tensor& value) const {
  return -at::expm1(-at::pow(value / scale(), concentration()));
}

at::Tensor Weibull::icdf(const at::Tensor& q) const {
  return scale() * at::pow(-at::log1p(-q), concentration().reciprocal());
}

ConstraintPtr Weibull::support() const {
  return constraints::positive();
}

} // namespace kiln::dist
