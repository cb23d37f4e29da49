#include "core/dist/continuous/uniform.h"

#include <limits>

#include <ATen/ATen.h>

#include "core/dist/checks.h"
#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/dist/validation.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const bool registered =
    register_family({"Uniform", {"low", "high"}, [](const DistArgs& a) {
                       return std::make_shared<Uniform>(a.tensor("low"), a.tensor("high"));
                     }});
} // namespace

Uniform::Uniform(TensorArg low, TensorArg high) {
  init_params({{"low", std::move(low), constraints::real()},
               {"high", std::move(high), constraints::real()}},
              {});
  if (is_validation_enabled())
    check_constraint(name(), "high", this->high(), *constraints::greater_than(this->low()));
}

std::shared_ptr<Distribution> Uniform::clone() const {
  return std::make_shared<Uniform>(*this);
}

at::Tensor Uniform::rsample(const Shape& sample_shape) const {
  auto u = at::empty(extended_shape(sample_shape), options()).uniform_(0, 1, generator());
  return low() + u * (high() - low());
}

// -log(high - low) on [low, high), -inf off it (validation off), as torch.
at::Tensor Uniform::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  auto inside = (low() <= value) & (value < high());
  auto lp = -(high() - low()).log();
  return at::where(inside, lp, at::full_like(lp, -std::numeric_limits<double>::infinity()));
}

at::Tensor Uniform::mean() const {
  return (low() + high()) / 2;
}
at::Tensor Uniform::variance() const {
  return (high() - low()).pow(2) / 12;
}
at::Tensor Uniform::entropy() const {
  return (high() - low()).log();
}

at::Tensor Uniform::cdf(const at::Tensor& value) const {
  return ((value - low()) / (high() - low())).clamp(0, 1);
}

at::Tensor Uniform::icdf(const at::Tensor& q) const {
  return low() + q * (high() - low());
}

ConstraintPtr Uniform::support() const {
  return constraints::interval(low(), high());
}

} // namespace kiln::dist
