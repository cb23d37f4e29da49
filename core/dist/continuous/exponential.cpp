#include "core/dist/continuous/exponential.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const bool registered = register_family({"Exponential", {"rate"}, [](const DistArgs& a) {
                                           return std::make_shared<Exponential>(a.tensor("rate"));
                                         }});
} // namespace

Exponential::Exponential(TensorArg rate) {
  init_params({{"rate", std::move(rate), constraints::positive()}}, {});
}

std::shared_ptr<Distribution> Exponential::clone() const {
  return std::make_shared<Exponential>(*this);
}

at::Tensor Exponential::rsample(const Shape& sample_shape) const {
  return at::empty(extended_shape(sample_shape), options()).exponential_(1, generator()) / rate();
}

at::Tensor Exponential::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  return rate().log() - rate() * value;
}

at::Tensor Exponential::mean() const {
  return rate().reciprocal();
}
at::Tensor Exponential::variance() const {
  return rate().pow(-2);
}
at::Tensor Exponential::entropy() const {
  return 1 - rate().log();
}

at::Tensor Exponential::cdf(const at::Tensor& value) const {
  return -at::expm1(-rate() * value);
}

at::Tensor Exponential::icdf(const at::Tensor& q) const {
  return -at::log1p(-q) / rate();
}

ConstraintPtr Exponential::support() const {
  return constraints::nonnegative();
}

} // namespace kiln::dist
