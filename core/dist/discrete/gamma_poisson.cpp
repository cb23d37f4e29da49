#include "core/dist/discrete/gamma_poisson.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const bool registered = register_family(
    {"GammaPoisson", {"concentration", "rate"}, [](const DistArgs& a) {
       return std::make_shared<GammaPoisson>(a.tensor("concentration"), a.tensor("rate"));
     }});
} // namespace

GammaPoisson::GammaPoisson(TensorArg concentration, TensorArg rate) {
  init_params({{"concentration", std::move(concentration), constraints::positive()},
               {"rate", std::move(rate), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> GammaPoisson::clone() const {
  return std::make_shared<GammaPoisson>(*this);
}

at::Tensor GammaPoisson::sample(const Shape& sample_shape) const {
  at::NoGradGuard no_grad;
  const Shape shape = extended_shape(sample_shape);
  auto lambda = at::_standard_gamma(concentration().expand(shape).contiguous(), generator()) /
                rate().expand(shape);
  return at::poisson(lambda.clamp_min(finfo_tiny(lambda)), generator());
}

at::Tensor GammaPoisson::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  const auto& a = concentration();
  const auto& b = rate();
  // Pyro's -log B(a, k + 1) - log(a + k) + a log b - (a + k) log(1 + b), with the beta function
  // and the log(a + k) folded into Gamma(a + k) / (Gamma(a) k!).
  auto post = a + value;
  return at::lgamma(post) - at::lgamma(a) - at::lgamma(value + 1) + a * b.log() -
         post * at::log1p(b);
}

at::Tensor GammaPoisson::mean() const {
  return concentration() / rate();
}
at::Tensor GammaPoisson::variance() const {
  return concentration() / rate().pow(2) * (1 + rate());
}

ConstraintPtr GammaPoisson::support() const {
  return constraints::nonnegative_integer();
}

} // namespace kiln::dist
