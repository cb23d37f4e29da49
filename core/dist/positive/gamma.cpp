#include "core/dist/positive/gamma.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const bool registered =
    register_family({"Gamma", {"concentration", "rate"}, [](const DistArgs& a) {
                       return std::make_shared<Gamma>(a.tensor("concentration"), a.tensor("rate"));
                     }});
} // namespace

namespace gamma_math {

at::Tensor log_prob(const at::Tensor& concentration, const at::Tensor& rate,
                    const at::Tensor& value) {
  return at::xlogy(concentration, rate) + at::xlogy(concentration - 1, value) - rate * value -
         at::lgamma(concentration);
}

at::Tensor standard_rsample(const at::Tensor& concentration, const Shape& shape) {
  auto x = at::_standard_gamma(concentration.expand(shape).contiguous(), generator());
  // Small concentrations underflow to 0, where log densities diverge. Torch clamps the value
  // in place behind autograd's back; the straight-through shift does the same without an
  // in-place op on a tensor that needs grad.
  auto floor = at::clamp_min(x.detach(), finfo_tiny(x)) - x.detach();
  return x + floor;
}

at::Tensor entropy(const at::Tensor& concentration, const at::Tensor& rate) {
  return concentration - at::log(rate) + at::lgamma(concentration) +
         (1 - concentration) * at::digamma(concentration);
}

} // namespace gamma_math

Gamma::Gamma(TensorArg concentration, TensorArg rate) {
  init_params({{"concentration", std::move(concentration), constraints::positive()},
               {"rate", std::move(rate), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> Gamma::clone() const {
  return std::make_shared<Gamma>(*this);
}

at::Tensor Gamma::rsample(const Shape& sample_shape) const {
  const Shape shape = extended_shape(sample_shape);
  return gamma_math::standard_rsample(concentration(), shape) / rate().expand(shape);
}

at::Tensor Gamma::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  return gamma_math::log_prob(concentration(), rate(), value);
}

at::Tensor Gamma::mean() const {
  return concentration() / rate();
}
at::Tensor Gamma::variance() const {
  return concentration() / rate().pow(2);
}
at::Tensor Gamma::entropy() const {
  return gamma_math::entropy(concentration(), rate());
}

// The regularized lower incomplete gamma function P(a, rate x).
at::Tensor Gamma::cdf(const at::Tensor& value) const {
  return at::igamma(concentration(), rate() * value);
}

ConstraintPtr Gamma::support() const {
  return constraints::nonnegative();
}

} // namespace kiln::dist
