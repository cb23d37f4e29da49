#include "core/dist/continuous/logistic.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const bool registered = register_family({"Logistic",
                                         {"loc", "scale"},
                                         [](const DistArgs& a) {
                                           return std::make_shared<Logistic>(
                                               a.tensor_or("loc", 0.0), a.tensor_or("scale", 1.0));
                                         },
                                         {"loc", "scale"},
                                         {}});
} // namespace

Logistic::Logistic(TensorArg loc, TensorArg scale) {
  init_params({{"loc", std::move(loc), constraints::real()},
               {"scale", std::move(scale), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> Logistic::clone() const {
  return std::make_shared<Logistic>(*this);
}

// Inverse cdf of a uniform draw kept inside (0, 1), where the logit is finite.
at::Tensor Logistic::rsample(const Shape& sample_shape) const {
  auto u = at::empty(extended_shape(sample_shape), options()).uniform_(0, 1, generator());
  u = u.clamp(finfo_tiny(u), 1 - finfo_eps(u));
  return icdf(u);
}

// f(z) = sigmoid(z) sigmoid(-z) / scale = exp(2 log sigmoid(z) - z) / scale, as Pyro writes it;
// log_sigmoid is stable in both tails.
at::Tensor Logistic::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  auto z = (value - loc()) / scale();
  return 2 * at::log_sigmoid(z) - z - scale().log();
}

at::Tensor Logistic::mean() const {
  return loc();
}
at::Tensor Logistic::variance() const {
  return scale().pow(2) * (M_PI * M_PI / 3);
}
at::Tensor Logistic::entropy() const {
  return scale().log() + 2;
}

at::Tensor Logistic::cdf(const at::Tensor& value) const {
  return at::sigmoid((value - loc()) / scale());
}

at::Tensor Logistic::icdf(const at::Tensor& q) const {
  return loc() + scale() * at::logit(q);
}

ConstraintPtr Logistic::support() const {
  return constraints::real();
}

} // namespace kiln::dist
