#include "core/dist/positive/von_mises.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const bool registered = register_family(
    {"VonMises", {"loc", "concentration"}, [](const DistArgs& a) {
       return std::make_shared<VonMises>(a.tensor("loc"), a.tensor("concentration"));
     }});

const double kLog2Pi = std::log(2 * M_PI);

// log I0(k) and I1(k) / I0(k) through the exponentially scaled Bessel functions, which stay
// finite and accurate for large k (torch uses a polynomial fit good to ~1e-7 instead).
at::Tensor log_i0(const at::Tensor& k) {
  return at::log(at::special_i0e(k)) + k;
}
at::Tensor i1_over_i0(const at::Tensor& k) {
  return at::special_i1e(k) / at::special_i0e(k);
}
} // namespace

VonMises::VonMises(TensorArg loc, TensorArg concentration) {
  init_params({{"loc", std::move(loc), constraints::real()},
               {"concentration", std::move(concentration), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> VonMises::clone() const {
  return std::make_shared<VonMises>(*this);
}

// The rejection sampler of Best & Fisher, "Efficient simulation of the von Mises
// distribution", Applied Statistics 28 (1979) 152-157, as torch implements it: a wrapped
// Cauchy envelope with parameter r, every position drawing until it accepts. Computed in
// float64 (r loses precision for small concentrations in float32) and wrapped into [-pi, pi).
at::Tensor VonMises::sample(const Shape& sample_shape) const {
  at::NoGradGuard no_grad;
  const Shape shape = extended_shape(sample_shape);
  const auto dbl = at::TensorOptions().dtype(at::kDouble);
  auto kappa = concentration().detach().to(at::kDouble).expand(shape);
  auto tau = 1 + at::sqrt(1 + 4 * kappa.pow(2));
  auto rho = (tau - at::sqrt(2 * tau)) / (2 * kappa);
  // Below 1e-5 the closed form cancels; its second-order expansion 1/k + k takes over.
  auto r = at::where(kappa < 1e-5, kappa.reciprocal() + kappa, (1 + rho.pow(2)) / (2 * rho));

  auto x = at::zeros(shape, dbl);
  auto done = at::zeros(shape, dbl.dtype(at::kBool));
  while (!done.all().item<bool>()) {
    auto u = at::rand(concat({3}, shape), generator(), dbl);
    auto u1 = u[0], u2 = u[1], u3 = u[2];
    auto z = at::cos(M_PI * u1);
    auto f = (1 + r * z) / (r + z);
    auto c = kappa * (r - f);
    auto accept = ((c * (2 - c) - u2) > 0) | ((at::log(c / u2) + 1 - c) >= 0);
    accept = accept & ~done;
    x = at::where(accept, at::sign(u3 - 0.5) * at::acos(f), x);
    done = done | accept;
  }
  auto wrapped = at::remainder(x + M_PI + loc().detach().to(at::kDouble), 2 * M_PI) - M_PI;
  return wrapped.to(options());
}

at::Tensor VonMises::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  const auto& k = concentration();
  // k cos(x - loc) - log I0(k), with the e^k of I0 taken out of both terms.
  return k * (at::cos(value - loc()) - 1) - kLog2Pi - at::log(at::special_i0e(k));
}

at::Tensor VonMises::mean() const {
  return loc();
}
at::Tensor VonMises::variance() const {
  return 1 - i1_over_i0(concentration());
}

// log(2 pi I0(k)) - k I1(k) / I0(k). Torch has no VonMises entropy; this is the closed form.
at::Tensor VonMises::entropy() const {
  const auto& k = concentration();
  return kLog2Pi + log_i0(k) - k * i1_over_i0(k);
}

ConstraintPtr VonMises::support() const {
  return constraints::real();
}

} // namespace kiln::dist
