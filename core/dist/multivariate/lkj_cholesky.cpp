#include "core/dist/multivariate/lkj_cholesky.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/error.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {

const bool registered =
    register_family({"LKJCholesky",
                     {"dim", "concentration"},
                     [](const DistArgs& a) {
                       a.tensor("dim"); // a missing dim is reported by name
                       return std::make_shared<LKJCholesky>(a.integer_or("dim", 0),
                                                            a.tensor_or("concentration", 1.));
                     },
                     {"concentration"},
                     {}});

// Beta(a, b) draws as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
at::Tensor sample_beta(const at::Tensor& a, const at::Tensor& b) {
  auto x = at::_standard_gamma(a, generator());
  auto y = at::_standard_gamma(b, generator());
  return x / (x + y);
}

} // namespace

LKJCholesky::LKJCholesky(int64_t dim, TensorArg concentration) : dim_(dim) {
  if (dim < 2)
    throw DomainError("LKJCholesky: dim is " + std::to_string(dim) +
                      ", but must be an integer >= 2");
  init_params({{"concentration", std::move(concentration), constraints::positive()}}, {dim, dim});
}

std::shared_ptr<Distribution> LKJCholesky::clone() const {
  return std::make_shared<LKJCholesky>(*this);
}

at::Tensor LKJCholesky::sample(const Shape& sample_shape) const {
  // The onion method (LKJ 2009, section 3.2), vectorized over rows for Cholesky factors as in
  // NumPyro and torch: row k >= 1 of L is sqrt(y_k) u_k on its first k entries, with u_k
  // uniform on the unit sphere S^(k-1) and y_k ~ Beta(k / 2, eta + (dim - 2) / 2 - (k - 1) / 2),
  // and the diagonal entry completes the row to unit norm; row 0 is (1, 0, ..., 0).
  // torch 1.13 draws y_k ~ Beta(k - 1/2, ...) instead, which is the same for k = 1 only and
  // inflates the correlations of rows k >= 2; the Beta(k / 2, .) of the paper (and NumPyro) is
  // what gives every correlation the LKJ marginal (multivariate_extra_test checks it).
  at::NoGradGuard no_grad;
  const Shape shape = extended_shape(sample_shape);
  const Shape vec_shape = drop_right(shape, 1);
  auto eta = concentration().detach();
  auto marginal = eta + 0.5 * static_cast<double>(dim_ - 2);
  // offset = (0, 0, 1/2, 1, ..., (dim - 2) / 2): row k >= 1 has (k - 1) / 2.
  auto offset = at::cat({at::zeros({1}, options()), 0.5 * at::arange(dim_ - 1, options())});
  auto conc1 = (offset + 0.5).expand(vec_shape);
  auto conc0 = (marginal.unsqueeze(-1) - offset).expand(vec_shape);
  auto y = sample_beta(conc1.contiguous(), conc0.contiguous()).unsqueeze(-1);

  auto u = at::empty(shape, options()).normal_(0, 1, generator()).tril(-1);
  auto norm = at::linalg_vector_norm(u, 2, {-1}, /*keepdim=*/true);
  // Row 0 has no off-diagonal entries: 0 / 0, set to 0.
  auto u_sphere = at::where(norm > 0, u / norm, at::zeros_like(u));
  auto w = y.sqrt() * u_sphere;
  auto diag = (1 - w.pow(2).sum(-1)).clamp_min(finfo_tiny(w)).sqrt();
  return w + at::diag_embed(diag);
}

at::Tensor LKJCholesky::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  // torch.distributions.LKJCholesky.log_prob: the density of L is
  // prod_{i>=1} L_ii^(dim - i - 1 + 2 (eta - 1)) (det(R)^(eta - 1) times the Jacobian of
  // L -> R) over the normalizer of LKJ 2009 (p. 1999), written with the multivariate gamma.
  const auto d = static_cast<double>(dim_);
  const auto& eta = concentration();
  auto diag = value.diagonal(0, -2, -1).narrow(-1, 1, dim_ - 1);
  auto order = at::arange(2, dim_ + 1, options());
  order = 2 * (eta - 1).unsqueeze(-1) + d - order;
  auto unnormalized = (order * diag.log()).sum(-1);

  const double dm1 = d - 1;
  auto alpha = eta + 0.5 * dm1;
  // mvlgamma(alpha - 1/2, dim - 1), summed by hand so that no argument check runs .item().
  auto mvlgamma = at::zeros_like(alpha) + dm1 * (dm1 - 1) / 4 * std::log(M_PI);
  for (int64_t j = 0; j < dim_ - 1; ++j)
    mvlgamma = mvlgamma + at::lgamma(alpha - 0.5 - 0.5 * static_cast<double>(j));
  auto normalizer = 0.5 * dm1 * std::log(M_PI) + mvlgamma - dm1 * at::lgamma(alpha);
  return unnormalized - normalizer;
}

ConstraintPtr LKJCholesky::support() const {
  return constraints::corr_cholesky();
}

// dim is a plain integer, not a param: the base repr would leave it out.
std::string LKJCholesky::repr() const {
  const std::string base = Distribution::repr();
  return name() + "(dim: " + std::to_string(dim_) + ", " + base.substr(name().size() + 1);
}

} // namespace kiln::dist
