#include "core/dist/continuous/student_t.h"

#include <cmath>
#include <limits>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

const bool registered =
    register_family({"StudentT",
                     {"df", "loc", "scale"},
                     [](const DistArgs& a) {
                       return std::make_shared<StudentT>(a.tensor("df"), a.tensor_or("loc", 0.0),
                                                         a.tensor_or("scale", 1.0));
                     },
                     {"loc", "scale"},
                     {}});

// log B(df/2, 1/2): the standard t density is (1 + y^2/df)^(-(df+1)/2) / (sqrt(df) B(df/2, 1/2)).
at::Tensor log_beta_half(const at::Tensor& df) {
  return at::lgamma(0.5 * df) + std::lgamma(0.5) - at::lgamma(0.5 * (df + 1));
}
} // namespace

StudentT::StudentT(TensorArg df, TensorArg loc, TensorArg scale) {
  init_params({{"df", std::move(df), constraints::positive()},
               {"loc", std::move(loc), constraints::real()},
               {"scale", std::move(scale), constraints::positive()}},
              {});
}

std::shared_ptr<Distribution> StudentT::clone() const {
  return std::make_shared<StudentT>(*this);
}

// As torch: Y = X / sqrt(Z / df) with X ~ Normal(0, 1) and Z ~ Chi2(df) = 2 Gamma(df / 2, 1).
// _standard_gamma's autograd gives implicit reparameterization gradients in df (Figurnov et al.,
// "Implicit Reparameterization Gradients", NeurIPS 2018).
at::Tensor StudentT::rsample(const Shape& sample_shape) const {
  const Shape shape = extended_shape(sample_shape);
  auto x = at::empty(shape, options()).normal_(0, 1, generator());
  auto z = 2 * at::_standard_gamma((0.5 * df()).expand(shape), generator());
  z = z.clamp_min(finfo_tiny(z));
  return loc() + scale() * x * at::rsqrt(z / df());
}

at::Tensor StudentT::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  auto y = (value - loc()) / scale();
  auto log_norm = scale().log() + 0.5 * df().log() + log_beta_half(df());
  return -0.5 * (df() + 1) * at::log1p(y * y / df()) - log_norm;
}

at::Tensor StudentT::mean() const {
  return at::where(df() > 1, loc(), at::full_like(loc(), kNaN));
}

at::Tensor StudentT::variance() const {
  auto finite = scale().pow(2) * df() / (df() - 2);
  auto infinite_or_nan =
      at::where(df() > 1, at::full_like(finite, kInf), at::full_like(finite, kNaN));
  return at::where(df() > 2, finite, infinite_or_nan);
}

at::Tensor StudentT::entropy() const {
  return scale().log() +
         0.5 * (df() + 1) * (at::digamma(0.5 * (df() + 1)) - at::digamma(0.5 * df())) +
         0.5 * df().log() + log_beta_half(df());
}

ConstraintPtr StudentT::support() const {
  return constraints::real();
}

} // namespace kiln::dist
