#include "core/dist/positive/inverse_gamma.h"

#include <limits>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/positive/gamma.h"
#include "core/dist/registry.h"

namespace kiln::dist {

namespace {
const bool registered = register_family(
    {"InverseGamma", {"concentration", "rate"}, [](const DistArgs& a) {
       return std::make_shared<InverseGamma>(a.tensor("concentration"), a.tensor("rate"));
     }});

const double kInf = std::numeric_limits<double>::infinity();
} // namespace

InverseGamma::InverseGamma(TensorArg concentration, TensorArg rate) {
  init_params({{"concentration", std::move(concentration), constraints::positive()},
               {"rate", std::move(rate), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> InverseGamma::clone() const {
  return std::make_shared<InverseGamma>(*this);
}

at::Tensor InverseGamma::rsample(const Shape& sample_shape) const {
  const Shape shape = extended_shape(sample_shape);
  return rate().expand(shape) / gamma_math::standard_rsample(concentration(), shape);
}

// The Gamma density at 1/x times the Jacobian 1/x^2.
at::Tensor InverseGamma::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  const auto& a = concentration();
  return at::xlogy(a, rate()) - at::lgamma(a) - (a + 1) * at::log(value) - rate() / value;
}

// The finite branch is computed from a concentration moved into range where the moment is
// infinite, so that its (discarded) gradient stays finite too.
at::Tensor InverseGamma::mean() const {
  const auto& a = concentration();
  auto ok = a > 1;
  auto safe = at::where(ok, a, at::full_like(a, 2.0));
  return at::where(ok, rate() / (safe - 1), at::full_like(a, kInf));
}

at::Tensor InverseGamma::variance() const {
  const auto& a = concentration();
  auto ok = a > 2;
  auto safe = at::where(ok, a, at::full_like(a, 3.0));
  return at::where(ok, rate().pow(2) / ((safe - 1).pow(2) * (safe - 2)), at::full_like(a, kInf));
}

at::Tensor InverseGamma::entropy() const {
  const auto& a = concentration();
  return a + at::log(rate()) + at::lgamma(a) - (1 + a) * at::digamma(a);
}

// P(X <= x) = P(Gamma >= 1/x): the regularized upper incomplete gamma Q(a, rate / x).
at::Tensor InverseGamma::cdf(const at::Tensor& value) const {
  return at::igammac(concentration(), rate() / value);
}

ConstraintPtr InverseGamma::support() const {
  return constraints::positive();
}

} // namespace kiln::dist
