#include "core/dist/multivariate/multivariate_normal.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/multivariate/linalg_util.h"
#include "core/dist/registry.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {

const double kLog2Pi = std::log(2 * M_PI);

const bool registered =
    register_family({"MultivariateNormal",
                     {"loc", "covariance_matrix", "precision_matrix", "scale_tril"},
                     [](const DistArgs& a) {
                       return std::make_shared<MultivariateNormal>(
                           a.tensor("loc"), a.optional_tensor("covariance_matrix"),
                           a.optional_tensor("precision_matrix"), a.optional_tensor("scale_tril"));
                     },
                     {},
                     {{"covariance_matrix", "precision_matrix", "scale_tril"}}});

// torch's _precision_to_scale_tril: the Cholesky factor of P^-1 from that of P with its rows
// and columns reversed, L^-1 = flip(chol(flip(P)))^T, then one triangular solve against I.
at::Tensor precision_to_scale_tril(const at::Tensor& p) {
  auto lf = checked_cholesky("MultivariateNormal", "precision_matrix", p.flip({-2, -1}));
  auto l_inv = lf.flip({-2, -1}).transpose(-2, -1);
  auto id = at::eye(p.size(-1), p.options()).expand(p.sizes());
  return at::linalg_solve_triangular(l_inv, id, /*upper=*/false);
}

} // namespace

MultivariateNormal::MultivariateNormal(TensorArg loc, std::optional<TensorArg> covariance_matrix,
                                       std::optional<TensorArg> precision_matrix,
                                       std::optional<TensorArg> scale_tril) {
  const int given = static_cast<int>(covariance_matrix.has_value()) +
                    static_cast<int>(precision_matrix.has_value()) +
                    static_cast<int>(scale_tril.has_value());
  if (given != 1)
    throw Error("MultivariateNormal: exactly one of covariance_matrix, precision_matrix or "
                "scale_tril must be given");
  std::string matrix_name;
  TensorArg matrix = 0.;
  ConstraintPtr constraint;
  if (covariance_matrix) {
    matrix_name = "covariance_matrix";
    matrix = std::move(*covariance_matrix);
    constraint = constraints::positive_definite();
  } else if (precision_matrix) {
    matrix_name = "precision_matrix";
    matrix = std::move(*precision_matrix);
    constraint = constraints::positive_definite();
  } else {
    matrix_name = "scale_tril";
    matrix = std::move(*scale_tril);
    constraint = constraints::lower_cholesky();
  }
  check_square_matches("MultivariateNormal", "loc", loc.tensor(), matrix_name, matrix.tensor());
  const int64_t n = loc.tensor().dim() > 0 ? loc.tensor().size(-1) : 0;
  init_params({{"loc", std::move(loc), constraints::real_vector(), 1},
               {matrix_name, std::move(matrix), constraint, 2}},
              {n});
  if (covariance_matrix)
    add_derived("scale_tril", checked_cholesky(name(), matrix_name, param_at(1)), 2);
  else if (precision_matrix)
    add_derived("scale_tril", precision_to_scale_tril(param_at(1)), 2);
  scale_tril_index_ = scale_tril ? 1 : 2;
}

std::shared_ptr<Distribution> MultivariateNormal::clone() const {
  return std::make_shared<MultivariateNormal>(*this);
}

at::Tensor MultivariateNormal::covariance_matrix() const {
  return at::matmul(scale_tril(), scale_tril().transpose(-2, -1));
}

at::Tensor MultivariateNormal::precision_matrix() const {
  return at::cholesky_inverse(scale_tril());
}

at::Tensor MultivariateNormal::rsample(const Shape& sample_shape) const {
  auto eps = standard_normal(extended_shape(sample_shape), options());
  return loc() + batch_mv(scale_tril(), eps);
}

at::Tensor MultivariateNormal::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  const auto n = static_cast<double>(event_shape().back());
  auto m = batch_mahalanobis(scale_tril(), value - loc());
  return -0.5 * (n * kLog2Pi + m) - half_log_det(scale_tril());
}

at::Tensor MultivariateNormal::mean() const {
  return loc();
}

at::Tensor MultivariateNormal::variance() const {
  return scale_tril().pow(2).sum(-1).expand(extended_shape());
}

at::Tensor MultivariateNormal::entropy() const {
  const auto n = static_cast<double>(event_shape().back());
  return 0.5 * n * (1 + kLog2Pi) + half_log_det(scale_tril());
}

ConstraintPtr MultivariateNormal::support() const {
  return constraints::real_vector();
}

} // namespace kiln::dist
