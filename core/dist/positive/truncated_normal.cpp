#include "core/dist/positive/truncated_normal.h"

#include <cmath>
#include <limits>

#include <ATen/ATen.h>

#include "core/dist/checks.h"
#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/dist/validation.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const bool registered = register_family({"TruncatedNormal",
                                         {"loc", "scale", "low", "high"},
                                         [](const DistArgs& a) {
                                           return std::make_shared<TruncatedNormal>(
                                               a.tensor_or("loc", 0.0), a.tensor_or("scale", 1.0),
                                               a.optional_tensor("low"), a.optional_tensor("high"));
                                         },
                                         {"loc", "scale", "low", "high"},
                                         {}});

const double kInf = std::numeric_limits<double>::infinity();
const double kHalfLog2Pi = 0.5 * std::log(2 * M_PI);

// A finite stand-in for an infinite standardized bound. Phi(-kFar) is exactly 0 and
// log Phi(-kFar) finite in both float dtypes, so the formulas below need no special case for
// a missing bound, and no gradient meets inf * 0.
constexpr double kFar = 1e10;

at::Tensor standardize(const at::Tensor& bound, const at::Tensor& loc, const at::Tensor& scale) {
  auto infinite = at::isinf(bound);
  // Replace the infinity before the arithmetic, not after: d/dscale of (inf - loc) / scale is
  // infinite, and where() would multiply it by 0.
  auto finite = at::where(infinite, at::zeros_like(bound), bound);
  return at::where(infinite, at::sign(bound.detach()) * kFar, (finite - loc) / scale);
}

// log(1 - exp(x)) for x <= 0, by Maechler, "Accurately computing log(1 - exp(-|a|))" (2012):
// expm1 near 0, log1p beyond -log 2. Each branch sees only inputs in its own range.
at::Tensor log1mexp(const at::Tensor& x) {
  auto near = x > -M_LN2;
  auto other = at::full_like(x, -1.0);
  auto a = at::log(-at::expm1(at::where(near, x, other)));
  auto b = at::log1p(-at::exp(at::where(near, other, x)));
  return at::where(near, a, b);
}

// log(Phi(hi) - Phi(lo)) for lo <= hi. When lo > 0 both points are reflected,
// Phi(hi) - Phi(lo) = Phi(-lo) - Phi(-hi), so the smaller point is never positive: log_ndtr is
// accurate (relatively) in the left tail, where the difference of two tiny masses would
// otherwise be lost to rounding against 1.
at::Tensor log_ndtr_diff(const at::Tensor& lo, const at::Tensor& hi) {
  auto flip = lo > 0;
  auto l = at::where(flip, -hi, lo);
  auto h = at::where(flip, -lo, hi);
  auto log_h = at::special_log_ndtr(h);
  return log_h + log1mexp(at::special_log_ndtr(l) - log_h);
}

// The z <= 0 with log Phi(z) = lp, for lp <= log(1/2): Phi^-1 of a probability given by its
// log, which may be far below the smallest double. Start from ndtri where exp(lp) is a normal
// number, else from the asymptotic log Phi(z) ~ -z^2/2 - log(-z) - log(2 pi)/2, and polish by
// Newton's method on log Phi, which is concave, so the iterates converge monotonically.
at::Tensor log_ndtri(const at::Tensor& lp) {
  auto newton_step = [](const at::Tensor& z, const at::Tensor& target) {
    auto log_cdf = at::special_log_ndtr(z);
    auto log_pdf = -0.5 * z * z - kHalfLog2Pi;
    return z - (log_cdf - target) * at::exp(log_cdf - log_pdf);
  };
  at::Tensor z;
  {
    at::NoGradGuard no_grad;
    auto l = lp.detach();
    auto representable = l > std::log(finfo_tiny(l));
    auto direct = at::special_ndtri(at::exp(at::where(representable, l, at::full_like(l, -1.0))));
    auto far = at::where(representable, at::full_like(l, -1000.0), l);
    auto asymptotic = -at::sqrt(-2 * far - at::log(-2 * far) - 2 * kHalfLog2Pi);
    z = at::where(representable, direct, asymptotic);
    for (int i = 0; i < 4; ++i)
      z = newton_step(z, l);
  }
  // One more step outside the guard gives the gradient of the implicit function,
  // dz/dlp = Phi(z) / phi(z), without differentiating through the iterations.
  return newton_step(z, lp);
}

// phi(t) / Z for a standardized point t.
at::Tensor density_ratio(const at::Tensor& t, const at::Tensor& log_z) {
  return at::exp(-0.5 * t * t - kHalfLog2Pi - log_z);
}
} // namespace

TruncatedNormal::TruncatedNormal(TensorArg loc, TensorArg scale, std::optional<TensorArg> low,
                                 std::optional<TensorArg> high) {
  init_params({{"loc", std::move(loc), constraints::real()},
               {"scale", std::move(scale), constraints::positive()},
               {"low", low ? std::move(*low) : TensorArg(-kInf), constraints::real()},
               {"high", high ? std::move(*high) : TensorArg(kInf), constraints::real()}},
              {});
  if (is_validation_enabled())
    check_constraint(name(), "high", this->high(), *constraints::greater_than(this->low()));
}

std::shared_ptr<Distribution> TruncatedNormal::clone() const {
  return std::make_shared<TruncatedNormal>(*this);
}

TruncatedNormal::Standardized TruncatedNormal::standardized() const {
  auto a = standardize(low(), loc(), scale());
  auto b = standardize(high(), loc(), scale());
  return {a, b, log_ndtr_diff(a, b)};
}

at::Tensor TruncatedNormal::rsample(const Shape& sample_shape) const {
  auto u = at::rand(extended_shape(sample_shape), generator(), options());
  u.clamp_(finfo_tiny(u), 1 - finfo_eps(u));
  return icdf(u);
}

at::Tensor TruncatedNormal::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  auto s = standardized();
  auto z = (value - loc()) / scale();
  return -0.5 * z * z - kHalfLog2Pi - at::log(scale()) - s.log_z;
}

at::Tensor TruncatedNormal::mean() const {
  auto s = standardized();
  return loc() + scale() * (density_ratio(s.a, s.log_z) - density_ratio(s.b, s.log_z));
}

at::Tensor TruncatedNormal::variance() const {
  auto s = standardized();
  auto pa = density_ratio(s.a, s.log_z), pb = density_ratio(s.b, s.log_z);
  return scale().pow(2) * (1 + s.a * pa - s.b * pb - (pa - pb).pow(2));
}

at::Tensor TruncatedNormal::entropy() const {
  auto s = standardized();
  auto pa = density_ratio(s.a, s.log_z), pb = density_ratio(s.b, s.log_z);
  return kHalfLog2Pi + 0.5 + at::log(scale()) + s.log_z + 0.5 * (s.a * pa - s.b * pb);
}

at::Tensor TruncatedNormal::cdf(const at::Tensor& value) const {
  auto s = standardized();
  auto z = at::maximum(at::minimum((value - loc()) / scale(), s.b), s.a);
  return at::exp(log_ndtr_diff(s.a, z) - s.log_z);
}

// The point whose standard normal cdf is Phi(a) + q Z. Counted from the left, that is
// p = Phi(a) + q Z; counted from the right, 1 - p = Phi(-b) + (1 - q) Z. Each is a sum of
// nonnegative terms, taken in log space so that neither the sum nor Z underflows however far
// in a tail the interval lies (low = 40 scales above loc has Z ~ 1e-350), and the smaller of
// the two is inverted on its own side.
at::Tensor TruncatedNormal::icdf(const at::Tensor& q) const {
  auto s = standardized();
  auto log_left = at::logaddexp(at::special_log_ndtr(s.a), at::log(q) + s.log_z);
  auto log_right = at::logaddexp(at::special_log_ndtr(-s.b), at::log1p(-q) + s.log_z);
  auto left = log_left < -M_LN2;
  auto other = at::full_like(log_left, -1.0);
  auto z = at::where(left, log_ndtri(at::where(left, log_left, other)),
                     -log_ndtri(at::where(left, other, log_right)));
  // Rounding must not carry a draw past a bound.
  z = at::maximum(at::minimum(z, s.b), s.a);
  return loc() + scale() * z;
}

ConstraintPtr TruncatedNormal::support() const {
  return constraints::interval(low(), high());
}

} // namespace kiln::dist
