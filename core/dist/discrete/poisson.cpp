#include "core/dist/discrete/poisson.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const bool registered = register_family({"Poisson", {"rate"}, [](const DistArgs& a) {
                                           return std::make_shared<Poisson>(a.tensor("rate"));
                                         }});
} // namespace

at::Tensor poisson_log_prob(const at::Tensor& rate, const at::Tensor& value) {
  // xlogy makes rate = 0 give log mass 0 at value 0.
  return at::xlogy(value, rate) - rate - at::lgamma(value + 1);
}

Poisson::Poisson(TensorArg rate) {
  init_params({{"rate", std::move(rate), constraints::nonnegative()}}, {});
}

std::shared_ptr<Distribution> Poisson::clone() const {
  return std::make_shared<Poisson>(*this);
}

at::Tensor Poisson::sample(const Shape& sample_shape) const {
  at::NoGradGuard no_grad;
  return at::poisson(rate().expand(extended_shape(sample_shape)).contiguous(), generator());
}

at::Tensor Poisson::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  return poisson_log_prob(rate(), value);
}

at::Tensor Poisson::mean() const {
  return rate();
}
at::Tensor Poisson::variance() const {
  return rate();
}
ConstraintPtr Poisson::support() const {
  return constraints::nonnegative_integer();
}

} // namespace kiln::dist
