#include "core/dist/continuous/laplace.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const bool registered =
    register_family({"Laplace", {"loc", "scale"}, [](const DistArgs& a) {
                       return std::make_shared<Laplace>(a.tensor("loc"), a.tensor("scale"));
                     }});
} // namespace

Laplace::Laplace(TensorArg loc, TensorArg scale) {
  init_params({{"loc", std::move(loc), constraints::real()},
               {"scale", std::move(scale), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> Laplace::clone() const {
  return std::make_shared<Laplace>(*this);
}

// Inverse cdf of u ~ Uniform(eps - 1, 1), as torch: the lower end is kept off -1 so that
// log1p(-|u|) stays finite.
at::Tensor Laplace::rsample(const Shape& sample_shape) const {
  auto u = at::empty(extended_shape(sample_shape), options());
  u.uniform_(finfo_eps(u) - 1, 1, generator());
  return loc() - scale() * u.sign() * at::log1p(-u.abs());
}

at::Tensor Laplace::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  return -(2 * scale()).log() - (value - loc()).abs() / scale();
}

at::Tensor Laplace::mean() const {
  return loc();
}
at::Tensor Laplace::variance() const {
  return 2 * scale().pow(2);
}
at::Tensor Laplace::entropy() const {
  return 1 + (2 * scale()).log();
}

at::Tensor Laplace::cdf(const at::Tensor& value) const {
  auto z = value - loc();
  return 0.5 - 0.5 * z.sign() * at::expm1(-z.abs() / scale());
}

at::Tensor Laplace::icdf(const at::Tensor& q) const {
  auto term = q - 0.5;
  return loc() - scale() * term.sign() * at::log1p(-2 * term.abs());
}

ConstraintPtr Laplace::support() const {
  return constraints::real();
}

} // namespace kiln::dist
