#include "core/dist/multivariate/multivariate_student_t.h"

#include <cmath>
#include <limits>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/multivariate/linalg_util.h"
#include "core/dist/registry.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {

const double kLogPi = std::log(M_PI);

const bool registered =
    register_family({"MultivariateStudentT", {"df", "loc", "scale_tril"}, [](const DistArgs& a) {
                       return std::make_shared<MultivariateStudentT>(
                           a.tensor("df"), a.tensor("loc"), a.tensor("scale_tril"));
                     }});

} // namespace

MultivariateStudentT::MultivariateStudentT(TensorArg df, TensorArg loc, TensorArg scale_tril) {
  check_square_matches(name(), "loc", loc.tensor(), "scale_tril", scale_tril.tensor());
  const int64_t n = loc.tensor().dim() > 0 ? loc.tensor().size(-1) : 0;
  init_params({{"df", std::move(df), constraints::positive()},
               {"loc", std::move(loc), constraints::real_vector(), 1},
               {"scale_tril", std::move(scale_tril), constraints::lower_cholesky(), 2}},
              {n});
}

std::shared_ptr<Distribution> MultivariateStudentT::clone() const {
  return std::make_shared<MultivariateStudentT>(*this);
}

at::Tensor MultivariateStudentT::covariance_matrix() const {
  // Pyro's covariance_matrix is the scale matrix L L^T; the covariance of the distribution is
  // df / (df - 2) times it.
  return at::matmul(scale_tril(), scale_tril().transpose(-2, -1));
}

at::Tensor MultivariateStudentT::rsample(const Shape& sample_shape) const {
  const Shape shape = extended_shape(sample_shape);
  auto x = at::empty(shape, options()).normal_(0, 1, generator());
  // chi2(df) = 2 Gamma(df / 2); _standard_gamma's autograd reparameterizes it implicitly.
  auto df_b = df().expand(drop_right(shape, 1));
  auto z = 2 * at::_standard_gamma(df_b / 2, generator());
  auto y = x * at::rsqrt(z / df()).unsqueeze(-1);
  return loc() + batch_mv(scale_tril(), y);
}

at::Tensor MultivariateStudentT::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  const auto n = static_cast<double>(event_shape().back());
  auto m = batch_mahalanobis(scale_tril(), value - loc());
  auto log_norm = half_log_det(scale_tril()) + 0.5 * n * df().log() + 0.5 * n * kLogPi +
                  at::lgamma(0.5 * df()) - at::lgamma(0.5 * (df() + n));
  return -0.5 * (df() + n) * at::log1p(m / df()) - log_norm;
}

at::Tensor MultivariateStudentT::mean() const {
  auto undefined = (df() <= 1).unsqueeze(-1);
  return at::where(undefined, std::numeric_limits<double>::quiet_NaN(), loc());
}

at::Tensor MultivariateStudentT::variance() const {
  auto v = scale_tril().pow(2).sum(-1) * (df() / (df() - 2)).unsqueeze(-1);
  v = at::where(((df() <= 2) & (df() > 1)).unsqueeze(-1), std::numeric_limits<double>::infinity(),
                v);
  return at::where((df() <= 1).unsqueeze(-1), std::numeric_limits<double>::quiet_NaN(), v);
}

ConstraintPtr MultivariateStudentT::support() const {
  return constraints::real_vector();
}

} // namespace kiln::dist
