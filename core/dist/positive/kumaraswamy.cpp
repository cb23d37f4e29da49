#include "core/dist/positive/kumaraswamy.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const bool registered = register_family(
    {"Kumaraswamy", {"concentration1", "concentration0"}, [](const DistArgs& a) {
       return std::make_shared<Kumaraswamy>(a.tensor("concentration1"), a.tensor("concentration0"));
     }});

const double kEulerGamma = 0.57721566490153286061;

// E[X^n] = b B(1 + n/a, b) (Jones, "Kumaraswamy's distribution: a beta-type distribution with
// some tractability advantages", Statistical Methodology 6 (2009), eq. 2.2), as torch computes.
at::Tensor moment(const at::Tensor& a, const at::Tensor& b, double n) {
  auto arg1 = 1 + n / a;
  return b * at::exp(at::lgamma(arg1) + at::lgamma(b) - at::lgamma(arg1 + b));
}

// log(1 - x^a) without cancellation near x^a = 0 or 1.
at::Tensor log1m_pow(const at::Tensor& x, const at::Tensor& a) {
  return at::log(-at::expm1(a * at::log(x)));
}
} // namespace

Kumaraswamy::Kumaraswamy(TensorArg concentration1, TensorArg concentration0) {
  init_params({{"concentration1", std::move(concentration1), constraints::positive()},
               {"concentration0", std::move(concentration0), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> Kumaraswamy::clone() const {
  return std::make_shared<Kumaraswamy>(*this);
}

// Inverse cdf of a uniform draw kept inside (0, 1), as torch's transformed Uniform.
at::Tensor Kumaraswamy::rsample(const Shape& sample_shape) const {
  auto u = at::rand(extended_shape(sample_shape), generator(), options());
  u.clamp_(finfo_tiny(u), 1 - finfo_eps(u));
  auto x = icdf(u);
  return at::clamp(x, finfo_tiny(x), 1 - finfo_eps(x));
}

at::Tensor Kumaraswamy::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  const auto &a = concentration1(), &b = concentration0();
  return at::log(a) + at::log(b) + at::xlogy(a - 1, value) +
         at::xlogy(b - 1, -at::expm1(a * at::log(value)));
}

at::Tensor Kumaraswamy::mean() const {
  return moment(concentration1(), concentration0(), 1);
}

at::Tensor Kumaraswamy::variance() const {
  const auto &a = concentration1(), &b = concentration0();
  return moment(a, b, 2) - moment(a, b, 1).pow(2);
}

// As torch: (1 - 1/b) + (1 - 1/a) H_b - log a - log b, with the harmonic number
// H_b = digamma(b + 1) + Euler's gamma.
at::Tensor Kumaraswamy::entropy() const {
  const auto &a = concentration1(), &b = concentration0();
  auto h = at::digamma(b + 1) + kEulerGamma;
  return (1 - b.reciprocal()) + (1 - a.reciprocal()) * h - at::log(a) - at::log(b);
}

at::Tensor Kumaraswamy::cdf(const at::Tensor& value) const {
  return -at::expm1(concentration0() * log1m_pow(value, concentration1()));
}

// x = (1 - (1 - q)^(1/b))^(1/a), every power taken in log space.
at::Tensor Kumaraswamy::icdf(const at::Tensor& q) const {
  auto t = -at::expm1(at::log1p(-q) / concentration0());
  return at::exp(at::log(t) / concentration1());
}

ConstraintPtr Kumaraswamy::support() const {
  return constraints::unit_interval();
}

} // namespace kiln::dist
