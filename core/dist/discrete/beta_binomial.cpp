#include "core/dist/discrete/beta_binomial.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/discrete/enumerate.h"
#include "core/dist/registry.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const bool registered = register_family(
    {"BetaBinomial",
     {"concentration1", "concentration0", "total_count"},
     [](const DistArgs& a) {
       return std::make_shared<BetaBinomial>(a.tensor("concentration1"), a.tensor("concentration0"),
                                             a.tensor_or("total_count", 1));
     },
     {"total_count"},
     {}});

at::Tensor log_beta(const at::Tensor& a, const at::Tensor& b) {
  return at::lgamma(a) + at::lgamma(b) - at::lgamma(a + b);
}
} // namespace

BetaBinomial::BetaBinomial(TensorArg concentration1, TensorArg concentration0,
                           TensorArg total_count) {
  init_params({{"concentration1", std::move(concentration1), constraints::positive()},
               {"concentration0", std::move(concentration0), constraints::positive()},
               {"total_count", std::move(total_count), constraints::nonnegative_integer()}},
              {});
}

std::shared_ptr<Distribution> BetaBinomial::clone() const {
  return std::make_shared<BetaBinomial>(*this);
}

at::Tensor BetaBinomial::sample(const Shape& sample_shape) const {
  at::NoGradGuard no_grad;
  const Shape shape = extended_shape(sample_shape);
  // p ~ Beta(c1, c0) as the first coordinate of a Dirichlet(c1, c0) draw, like torch's Beta:
  // torch's Dirichlet sampler stays finite where both gamma draws underflow (tiny
  // concentrations), which x / (x + y) of two gamma draws would not.
  auto alpha = at::stack({concentration1().expand(shape), concentration0().expand(shape)}, -1);
  auto p = at::_sample_dirichlet(alpha.contiguous(), generator()).select(-1, 0);
  return at::binomial(total_count().expand(shape).contiguous(), p.contiguous(), generator());
}

at::Tensor BetaBinomial::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  const auto& n = total_count();
  const auto& a = concentration1();
  const auto& b = concentration0();
  auto log_binomial = at::lgamma(n + 1) - at::lgamma(value + 1) - at::lgamma(n - value + 1);
  return log_binomial + log_beta(value + a, n - value + b) - log_beta(a, b);
}

at::Tensor BetaBinomial::mean() const {
  return total_count() * concentration1() / (concentration1() + concentration0());
}

at::Tensor BetaBinomial::variance() const {
  const auto& a = concentration1();
  const auto& b = concentration0();
  const auto& n = total_count();
  auto s = a + b;
  return n * a * b * (s + n) / (s.pow(2) * (s + 1));
}

ConstraintPtr BetaBinomial::support() const {
  return constraints::integer_interval(at::zeros({}, options()), total_count());
}

at::Tensor BetaBinomial::enumerate_support(bool expand) const {
  const int64_t n = homogeneous_total_count(name(), total_count());
  return enumerate_values(at::arange(n + 1, options()), batch_shape(), expand);
}

} // namespace kiln::dist
