#include "core/dist/continuous/normal.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const double kHalfLog2Pi = 0.5 * std::log(2 * M_PI);

const bool registered =
    register_family({"Normal", {"loc", "scale"}, [](const DistArgs& a) {
                       return std::make_shared<Normal>(a.tensor("loc"), a.tensor("scale"));
                     }});
} // namespace

Normal::Normal(TensorArg loc, TensorArg scale) {
  init_params({{"loc", std::move(loc), constraints::real()},
               {"scale", std::move(scale), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> Normal::clone() const {
  return std::make_shared<Normal>(*this);
}

at::Tensor Normal::rsample(const Shape& sample_shape) const {
  auto eps = standard_normal(extended_shape(sample_shape), options());
  return loc() + scale() * eps;
}

at::Tensor Normal::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  auto z = (value - loc()) / scale();
  return -0.5 * z * z - (undo_expand(scale()).log() + kHalfLog2Pi);
}

at::Tensor Normal::mean() const {
  return loc();
}
at::Tensor Normal::variance() const {
  return scale().pow(2);
}
at::Tensor Normal::entropy() const {
  return 0.5 + kHalfLog2Pi + scale().log();
}

at::Tensor Normal::cdf(const at::Tensor& value) const {
  return 0.5 * (1 + at::erf((value - loc()) / (scale() * M_SQRT2)));
}

at::Tensor Normal::icdf(const at::Tensor& q) const {
  return loc() + scale() * M_SQRT2 * at::erfinv(2 * q - 1);
}

ConstraintPtr Normal::support() const {
  return constraints::real();
}

} // namespace kiln::dist
