#include "core/dist/continuous/asymmetric_laplace.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const bool registered =
    register_family({"AsymmetricLaplace", {"loc", "scale", "asymmetry"}, [](const DistArgs& a) {
                       return std::make_shared<AsymmetricLaplace>(
                           a.tensor("loc"), a.tensor("scale"), a.tensor("asymmetry"));
                     }});
} // namespace

AsymmetricLaplace::AsymmetricLaplace(TensorArg loc, TensorArg scale, TensorArg asymmetry) {
  init_params({{"loc", std::move(loc), constraints::real()},
               {"scale", std::move(scale), constraints::positive()},
               {"asymmetry", std::move(asymmetry), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> AsymmetricLaplace::clone() const {
  return std::make_shared<AsymmetricLaplace>(*this);
}

// The density is exp(-|x - loc| / s) / (L + R), with s = L left of loc and s = R right of it,
// where L = scale * asymmetry and R = scale / asymmetry (pyro.distributions.AsymmetricLaplace).
at::Tensor AsymmetricLaplace::left_scale() const {
  return scale() * asymmetry();
}
at::Tensor AsymmetricLaplace::right_scale() const {
  return scale() / asymmetry();
}

// As Pyro: loc - L u + R v with u, v ~ Exponential(1); the left tail is hit with probability
// L / (L + R), as the density requires.
at::Tensor AsymmetricLaplace::rsample(const Shape& sample_shape) const {
  const Shape shape = extended_shape(sample_shape);
  auto u = at::empty(shape, options()).exponential_(1, generator());
  auto v = at::empty(shape, options()).exponential_(1, generator());
  return loc() - left_scale() * u + right_scale() * v;
}

at::Tensor AsymmetricLaplace::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  auto z = value - loc();
  auto s = at::where(z < 0, left_scale(), right_scale());
  return -z.abs() / s - (left_scale() + right_scale()).log();
}

at::Tensor AsymmetricLaplace::mean() const {
  auto l = left_scale(), r = right_scale();
  return loc() + (r.pow(2) - l.pow(2)) / (l + r);
}

// Pyro's mixture form: with p = L / (L + R) and q = R / (L + R), the mixture of the two
// exponential sides has variance p L^2 + q R^2 + p q (L + R)^2.
at::Tensor AsymmetricLaplace::variance() const {
  auto l = left_scale(), r = right_scale();
  auto total = l + r;
  auto p = l / total, q = r / total;
  return p * l.pow(2) + q * r.pow(2) + p * q * total.pow(2);
}

// -E[log f] = log(L + R) + E[|x - loc| / s], and |x - loc| / s ~ Exponential(1) on either side.
at::Tensor AsymmetricLaplace::entropy() const {
  return 1 + (left_scale() + right_scale()).log();
}

at::Tensor AsymmetricLaplace::cdf(const at::Tensor& value) const {
  auto l = left_scale(), r = right_scale();
  auto z = value - loc();
  // Each branch is evaluated on its own side only, so that exp never overflows.
  auto left = l / (l + r) * at::exp(at::clamp_max(z, 0) / l);
  auto right = 1 - r / (l + r) * at::exp(-at::clamp_min(z, 0) / r);
  return at::where(z < 0, left, right);
}

at::Tensor AsymmetricLaplace::icdf(const at::Tensor& q) const {
  auto l = left_scale(), r = right_scale();
  auto p_left = l / (l + r);
  auto left = loc() + l * at::log(q / p_left);
  auto right = loc() - r * at::log((1 - q) * (l + r) / r);
  return at::where(q < p_left, left, right);
}

ConstraintPtr AsymmetricLaplace::support() const {
  return constraints::real();
}

} // namespace kiln::dist
