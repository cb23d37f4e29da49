#include "core/dist/continuous/gumbel.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const double kEulerGamma = 0.57721566490153286061;

const bool registered =
    register_family({"Gumbel", {"loc", "scale"}, [](const DistArgs& a) {
                       return std::make_shared<Gumbel>(a.tensor("loc"), a.tensor("scale"));
                     }});
} // namespace

Gumbel::Gumbel(TensorArg loc, TensorArg scale) {
  init_params({{"loc", std::move(loc), constraints::real()},
               {"scale", std::move(scale), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> Gumbel::clone() const {
  return std::make_shared<Gumbel>(*this);
}

// Inverse cdf of u ~ Uniform(tiny, 1 - eps), the base torch's Gumbel transforms.
at::Tensor Gumbel::rsample(const Shape& sample_shape) const {
  auto u = at::empty(extended_shape(sample_shape), options()).uniform_(0, 1, generator());
  u = u.clamp(finfo_tiny(u), 1 - finfo_eps(u));
  return icdf(u);
}

at::Tensor Gumbel::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  auto y = (loc() - value) / scale();
  return y - y.exp() - scale().log();
}

at::Tensor Gumbel::mean() const {
  return loc() + scale() * kEulerGamma;
}
at::Tensor Gumbel::variance() const {
  return scale().pow(2) * (M_PI * M_PI / 6);
}
at::Tensor Gumbel::entropy() const {
  return scale().log() + (1 + kEulerGamma);
}

at::Tensor Gumbel::cdf(const at::Tensor& value) const {
  return at::exp(-at::exp((loc() - value) / scale()));
}

at::Tensor Gumbel::icdf(const at::Tensor& q) const {
  return loc() - scale() * at::log(-at::log(q));
}

ConstraintPtr Gumbel::support() const {
  return constraints::real();
}

} // namespace kiln::dist
