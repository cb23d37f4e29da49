#include "core/dist/continuous/cauchy.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const bool registered =
    register_family({"Cauchy", {"loc", "scale"}, [](const DistArgs& a) {
                       return std::make_shared<Cauchy>(a.tensor("loc"), a.tensor("scale"));
                     }});
} // namespace

Cauchy::Cauchy(TensorArg loc, TensorArg scale) {
  init_params({{"loc", std::move(loc), constraints::real()},
               {"scale", std::move(scale), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> Cauchy::clone() const {
  return std::make_shared<Cauchy>(*this);
}

at::Tensor Cauchy::rsample(const Shape& sample_shape) const {
  auto eps = at::empty(extended_shape(sample_shape), options()).cauchy_(0, 1, generator());
  return loc() + scale() * eps;
}

at::Tensor Cauchy::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  auto z = (value - loc()) / scale();
  return -std::log(M_PI) - scale().log() - at::log1p(z * z);
}

// torch returns nan; a NotSupportedError tells callers (and the moment tests) there is none.
at::Tensor Cauchy::mean() const {
  throw NotSupportedError("Cauchy has no mean");
}
at::Tensor Cauchy::variance() const {
  throw NotSupportedError("Cauchy has no variance");
}

at::Tensor Cauchy::entropy() const {
  return std::log(4 * M_PI) + scale().log();
}

at::Tensor Cauchy::cdf(const at::Tensor& value) const {
  return at::atan((value - loc()) / scale()) / M_PI + 0.5;
}

at::Tensor Cauchy::icdf(const at::Tensor& q) const {
  return loc() + scale() * at::tan(M_PI * (q - 0.5));
}

ConstraintPtr Cauchy::support() const {
  return constraints::real();
}

} // namespace kiln::dist
