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
  at::Tensor sample = loc() + scale() * eps;
  if (by_noise_) {
    last_sample_ = sample;
    last_noise_ = eps;
    last_version_ = static_cast<int64_t>(sample._version());
  }
  return sample;
}

at::Tensor Normal::log_prob(const at::Tensor& value) const {
  const at::Tensor log_normalizer = undo_expand(scale()).log() + kHalfLog2Pi;
  if (by_noise_ && value.is_same(last_sample_) &&
      static_cast<int64_t>(value._version()) == last_version_)
    return last_noise_.square().mul_(-0.5) - log_normalizer;
  validate_sample(value);
  // Given as the numbers 0 and 1 (a standard normal prior), loc and scale need no pass over the
  // batch; the result still has the broadcast shape.
  at::Tensor z = value.to(options().dtype());
  if (param_number(0) != 0.0)
    z = z - loc();
  if (param_number(1) != 1.0)
    z = z / scale();
  at::Tensor result = -0.5 * z * z - log_normalizer;
  const Shape shape = broadcast_shapes(to_shape(value.sizes()), batch_shape());
  return to_shape(result.sizes()) == shape ? result : result.expand(shape);
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
