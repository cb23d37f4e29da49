#include "core/dist/positive/chi2.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/positive/gamma.h"
#include "core/dist/registry.h"

namespace kiln::dist {

namespace {
const bool registered = register_family(
    {"Chi2", {"df"}, [](const DistArgs& a) { return std::make_shared<Chi2>(a.tensor("df")); }});
} // namespace

Chi2::Chi2(TensorArg df) {
  init_params({{"df", std::move(df), constraints::positive()}}, {});
}

std::shared_ptr<Distribution> Chi2::clone() const {
  return std::make_shared<Chi2>(*this);
}

// Gamma(df / 2, rate 1 / 2): twice a standard gamma draw of concentration df / 2.
at::Tensor Chi2::rsample(const Shape& sample_shape) const {
  return 2 * gamma_math::standard_rsample(0.5 * df(), extended_shape(sample_shape));
}

at::Tensor Chi2::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  return gamma_math::log_prob(0.5 * df(), at::full_like(df(), 0.5), value);
}

at::Tensor Chi2::mean() const {
  return df();
}
at::Tensor Chi2::variance() const {
  return 2 * df();
}
at::Tensor Chi2::entropy() const {
  return gamma_math::entropy(0.5 * df(), at::full_like(df(), 0.5));
}
at::Tensor Chi2::cdf(const at::Tensor& value) const {
  return at::igamma(0.5 * df(), 0.5 * value);
}

ConstraintPtr Chi2::support() const {
  return constraints::nonnegative();
}

} // namespace kiln::dist
