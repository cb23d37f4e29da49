#include "core/dist/multivariate/gaussian_random_walk.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {

const double kHalfLog2Pi = 0.5 * std::log(2 * M_PI);

const bool registered =
    register_family({"GaussianRandomWalk",
                     {"scale", "num_steps"},
                     [](const DistArgs& a) {
                       return std::make_shared<GaussianRandomWalk>(a.tensor_or("scale", 1.),
                                                                   a.integer_or("num_steps", 1));
                     },
                     {"scale", "num_steps"},
                     {}});

} // namespace

GaussianRandomWalk::GaussianRandomWalk(TensorArg scale, int64_t num_steps) : num_steps_(num_steps) {
  if (num_steps < 1)
    throw DomainError("GaussianRandomWalk: num_steps is " + std::to_string(num_steps) +
                      ", but must be a positive integer");
  init_params({{"scale", std::move(scale), constraints::positive()}}, {num_steps});
}

std::shared_ptr<Distribution> GaussianRandomWalk::clone() const {
  return std::make_shared<GaussianRandomWalk>(*this);
}

at::Tensor GaussianRandomWalk::rsample(const Shape& sample_shape) const {
  auto steps = standard_normal(extended_shape(sample_shape), options());
  return steps.cumsum(-1) * scale().unsqueeze(-1);
}

at::Tensor GaussianRandomWalk::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  // The increments x_1 - 0, x_2 - x_1, ... are iid Normal(0, scale).
  auto previous =
      at::cat({at::zeros_like(value.narrow(-1, 0, 1)), value.narrow(-1, 0, num_steps_ - 1)}, -1);
  auto z = (value - previous) / scale().unsqueeze(-1);
  return (-0.5 * z * z).sum(-1) - static_cast<double>(num_steps_) * (scale().log() + kHalfLog2Pi);
}

at::Tensor GaussianRandomWalk::mean() const {
  return at::zeros(extended_shape(), options());
}

at::Tensor GaussianRandomWalk::variance() const {
  auto steps = at::arange(1, num_steps_ + 1, options());
  return (scale().unsqueeze(-1).pow(2) * steps).expand(extended_shape());
}

at::Tensor GaussianRandomWalk::entropy() const {
  return static_cast<double>(num_steps_) * (0.5 + kHalfLog2Pi + scale().log());
}

ConstraintPtr GaussianRandomWalk::support() const {
  return constraints::real_vector();
}

// num_steps is a plain integer, not a param: the base repr would leave it out.
std::string GaussianRandomWalk::repr() const {
  const std::string base = Distribution::repr();
  return base.substr(0, base.size() - 1) + ", num_steps: " + std::to_string(num_steps_) + ")";
}

} // namespace kiln::dist
