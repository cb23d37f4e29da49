#include "core/dist/multivariate/low_rank_multivariate_normal.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/multivariate/linalg_util.h"
#include "core/dist/registry.h"
#include "core/util/error.h"
#include "core/util/format.h"
#include "core/util/random.h"

namespace kiln::dist {

namespace {

const double kLog2Pi = std::log(2 * M_PI);

const bool registered = register_family(
    {"LowRankMultivariateNormal", {"loc", "cov_factor", "cov_diag"}, [](const DistArgs& a) {
       return std::make_shared<LowRankMultivariateNormal>(a.tensor("loc"), a.tensor("cov_factor"),
                                                          a.tensor("cov_diag"));
     }});

// W^T D^-1, of shape (..., r, n).
at::Tensor wt_dinv(const at::Tensor& w, const at::Tensor& d) {
  return w.transpose(-2, -1) / d.unsqueeze(-2);
}

void check_event_sizes(const at::Tensor& loc, const at::Tensor& w, const at::Tensor& d) {
  if (loc.dim() < 1 || w.dim() < 2 || d.dim() < 1)
    return; // init_params reports too few dims
  const int64_t n = loc.size(-1);
  auto fail = [&](const std::string& arg, const at::Tensor& t, const std::string& what) {
    throw ShapeError("LowRankMultivariateNormal: loc has shape " +
                     format_shape(to_shape(loc.sizes())) + " but " + arg + " has shape " +
                     format_shape(to_shape(t.sizes())) + "; " + what);
  };
  if (w.size(-2) != n)
    fail("cov_factor", w, "cov_factor must have loc's last dimension as its second to last");
  if (d.size(-1) != n)
    fail("cov_diag", d, "their last dimensions must agree");
}

} // namespace

LowRankMultivariateNormal::LowRankMultivariateNormal(TensorArg loc, TensorArg cov_factor,
                                                     TensorArg cov_diag) {
  check_event_sizes(loc.tensor(), cov_factor.tensor(), cov_diag.tensor());
  const int64_t n = loc.tensor().dim() > 0 ? loc.tensor().size(-1) : 0;
  init_params(
      {{"loc", std::move(loc), constraints::real_vector(), 1},
       {"cov_factor", std::move(cov_factor), constraints::independent(constraints::real(), 2), 2},
       {"cov_diag", std::move(cov_diag), constraints::independent(constraints::positive(), 1), 1}},
      {n});
  // torch's _batch_capacitance_tril: chol(I + W^T D^-1 W).
  const auto& w = this->cov_factor();
  auto k = at::matmul(wt_dinv(w, this->cov_diag()), w) + at::eye(w.size(-1), options());
  add_derived("capacitance_tril", checked_cholesky(name(), "capacitance", k), 2);
}

std::shared_ptr<Distribution> LowRankMultivariateNormal::clone() const {
  return std::make_shared<LowRankMultivariateNormal>(*this);
}

at::Tensor LowRankMultivariateNormal::covariance_matrix() const {
  return at::matmul(cov_factor(), cov_factor().transpose(-2, -1)) + at::diag_embed(cov_diag());
}

at::Tensor LowRankMultivariateNormal::precision_matrix() const {
  // Woodbury: (W W^T + D)^-1 = D^-1 - D^-1 W C^-1 W^T D^-1, C = capacitance.
  auto a = at::linalg_solve_triangular(capacitance_tril(), wt_dinv(cov_factor(), cov_diag()),
                                       /*upper=*/false);
  return at::diag_embed(cov_diag().reciprocal()) - at::matmul(a.transpose(-2, -1), a);
}

at::Tensor LowRankMultivariateNormal::scale_tril() const {
  // W W^T + D = D^1/2 (I + D^-1/2 W W^T D^-1/2) D^1/2, as torch computes it.
  auto d_sqrt = cov_diag().sqrt().unsqueeze(-1);
  auto scaled = cov_factor() / d_sqrt;
  auto k = at::matmul(scaled, scaled.transpose(-2, -1)) + at::eye(cov_factor().size(-2), options());
  return d_sqrt * at::linalg_cholesky(k);
}

at::Tensor LowRankMultivariateNormal::rsample(const Shape& sample_shape) const {
  const Shape shape = extended_shape(sample_shape);
  Shape w_shape = drop_right(shape, 1);
  w_shape.push_back(cov_factor().size(-1));
  auto eps_w = standard_normal(w_shape, options());
  auto eps_d = standard_normal(shape, options());
  return loc() + batch_mv(cov_factor(), eps_w) + cov_diag().sqrt() * eps_d;
}

at::Tensor LowRankMultivariateNormal::log_det() const {
  return 2 * half_log_det(capacitance_tril()) + cov_diag().log().sum(-1);
}

at::Tensor LowRankMultivariateNormal::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  // Woodbury: x^T (W W^T + D)^-1 x = x^T D^-1 x - |L_C^-1 W^T D^-1 x|^2.
  auto diff = value - loc();
  auto term1 = (diff.pow(2) / cov_diag()).sum(-1);
  auto term2 =
      batch_mahalanobis(capacitance_tril(), batch_mv(wt_dinv(cov_factor(), cov_diag()), diff));
  const auto n = static_cast<double>(event_shape().back());
  return -0.5 * (n * kLog2Pi + log_det() + term1 - term2);
}

at::Tensor LowRankMultivariateNormal::mean() const {
  return loc();
}

at::Tensor LowRankMultivariateNormal::variance() const {
  return cov_factor().pow(2).sum(-1) + cov_diag();
}

at::Tensor LowRankMultivariateNormal::entropy() const {
  const auto n = static_cast<double>(event_shape().back());
  return 0.5 * (n * (1 + kLog2Pi) + log_det());
}

ConstraintPtr LowRankMultivariateNormal::support() const {
  return constraints::real_vector();
}

} // namespace kiln::dist
