#include "core/dist/continuous/log_normal.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const double kHalfLog2Pi = 0.5 * std::log(2 * M_PI);

const bool registered =
    register_family({"LogNormal", {"loc", "scale"}, [](const DistArgs& a) {
                       return std::make_shared<LogNormal>(a.tensor("loc"), a.tensor("scale"));
                     }});
} // namespace

LogNormal::LogNormal(TensorArg loc, TensorArg scale) {
  init_params({{"loc", std::move(loc), constraints::real()},
               {"scale", std::move(scale), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> LogNormal::clone() const {
  return std::make_shared<LogNormal>(*this);
}

at::Tensor LogNormal::rsample(const Shape& sample_shape) const {
  auto eps = standard_normal(extended_shape(sample_shape), options());
  return (loc() + scale() * eps).exp();
}

// The Normal density of y = log x times the Jacobian |dy/dx| = 1/x.
at::Tensor LogNormal::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  auto y = value.log();
  auto z = (y - loc()) / scale();
  return -0.5 * z * z - scale().log() - kHalfLog2Pi - y;
}

at::Tensor LogNormal::mean() const {
  return (loc() + 0.5 * scale().pow(2)).exp();
}

at::Tensor LogNormal::variance() const {
  auto s2 = scale().pow(2);
  return s2.expm1() * (2 * loc() + s2).exp();
}

// The Normal entropy plus E[log x] = loc, from the change of variables.
at::Tensor LogNormal::entropy() const {
  return 0.5 + kHalfLog2Pi + scale().log() + loc();
}

at::Tensor LogNormal::cdf(const at::Tensor& value) const {
  return 0.5 * (1 + at::erf((value.log() - loc()) / (scale() * M_SQRT2)));
}

at::Tensor LogNormal::icdf(const at::Tensor& q) const {
  return (loc() + scale() * M_SQRT2 * at::erfinv(2 * q - 1)).exp();
}

ConstraintPtr LogNormal::support() const {
  return constraints::positive();
}

} // namespace kiln::dist
