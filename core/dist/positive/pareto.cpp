#include "core/dist/positive/pareto.h"

#include <limits>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {
const bool registered =
    register_family({"Pareto", {"scale", "alpha"}, [](const DistArgs& a) {
                       return std::make_shared<Pareto>(a.tensor("scale"), a.tensor("alpha"));
                     }});

const double kInf = std::numeric_limits<double>::infinity();
} // namespace

Pareto::Pareto(TensorArg scale, TensorArg alpha) {
  init_params({{"scale", std::move(scale), constraints::positive()},
               {"alpha", std::move(alpha), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> Pareto::clone() const {
  return std::make_shared<Pareto>(*this);
}

// scale * exp(E / alpha) for E ~ Exponential(1), as torch's transformed Exponential(alpha).
at::Tensor Pareto::rsample(const Shape& sample_shape) const {
  auto e = at::empty(extended_shape(sample_shape), options()).exponential_(1, generator());
  return scale() * at::exp(e / alpha());
}

at::Tensor Pareto::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  auto log_x = at::log(value);
  return at::log(alpha()) - alpha() * (log_x - at::log(scale())) - log_x;
}

// The finite branch is computed from an alpha moved into range where the moment is infinite,
// so that its (discarded) gradient stays finite too.
at::Tensor Pareto::mean() const {
  const auto& a = alpha();
  auto ok = a > 1;
  auto safe = at::where(ok, a, at::full_like(a, 2.0));
  return at::where(ok, safe * scale() / (safe - 1), at::full_like(a, kInf));
}

at::Tensor Pareto::variance() const {
  const auto& a = alpha();
  auto ok = a > 2;
  auto safe = at::where(ok, a, at::full_like(a, 3.0));
  return at::where(ok, scale().pow(2) * safe / ((safe - 1).pow(2) * (safe - 2)),
                   at::full_like(a, kInf));
}

at::Tensor Pareto::entropy() const {
  return at::log(scale() / alpha()) + 1 + alpha().reciprocal();
}

at::Tensor Pareto::cdf(const at::Tensor& value) const {
  return -at::expm1(alpha() * (at::log(scale()) - at::log(value)));
}

at::Tensor Pareto::icdf(const at::Tensor& q) const {
  return scale() * at::exp(-at::log1p(-q) / alpha());
}

ConstraintPtr Pareto::support() const {
  return constraints::greater_than_eq(scale());
}

} // namespace kiln::dist
