#include "core/dist/positive/beta.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/positive/gamma.h"
#include "core/dist/registry.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const bool registered = register_family(
    {"Beta", {"concentration1", "concentration0"}, [](const DistArgs& a) {
       return std::make_shared<Beta>(a.tensor("concentration1"), a.tensor("concentration0"));
     }});

at::Tensor lbeta(const at::Tensor& a, const at::Tensor& b) {
  return at::lgamma(a) + at::lgamma(b) - at::lgamma(a + b);
}
} // namespace

Beta::Beta(TensorArg concentration1, TensorArg concentration0) {
  init_params({{"concentration1", std::move(concentration1), constraints::positive()},
               {"concentration0", std::move(concentration0), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> Beta::clone() const {
  return std::make_shared<Beta>(*this);
}

// X / (X + Y) for independent standard gammas X ~ G(a), Y ~ G(b), as torch's Dirichlet does;
// the gammas' implicit reparameterization gradients carry through the ratio. Clamped into
// (0, 1) so that log_prob stays finite when a concentration is small.
at::Tensor Beta::rsample(const Shape& sample_shape) const {
  const Shape shape = extended_shape(sample_shape);
  auto x = gamma_math::standard_rsample(concentration1(), shape);
  auto y = gamma_math::standard_rsample(concentration0(), shape);
  auto r = x / (x + y);
  return at::clamp(r, finfo_tiny(r), 1 - finfo_eps(r));
}

at::Tensor Beta::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  const auto &a = concentration1(), &b = concentration0();
  return at::xlogy(a - 1, value) + at::xlogy(b - 1, 1 - value) - lbeta(a, b);
}

at::Tensor Beta::mean() const {
  return concentration1() / (concentration1() + concentration0());
}

at::Tensor Beta::variance() const {
  const auto &a = concentration1(), &b = concentration0();
  auto total = a + b;
  return a * b / (total.pow(2) * (total + 1));
}

// The two-component Dirichlet entropy.
at::Tensor Beta::entropy() const {
  const auto &a = concentration1(), &b = concentration0();
  return lbeta(a, b) - (a - 1) * at::digamma(a) - (b - 1) * at::digamma(b) +
         (a + b - 2) * at::digamma(a + b);
}

ConstraintPtr Beta::support() const {
  return constraints::unit_interval();
}

} // namespace kiln::dist
