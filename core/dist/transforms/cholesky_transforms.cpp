// Transforms onto Cholesky factors and positive definite matrices. The unconstrained side is a
// flat vector (as in NumPyro and Stan), so a sampler sees exactly the free coordinates.
#include "core/dist/transforms/transforms.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/util/error.h"
#include "core/util/tensor_util.h"

namespace kiln::dist::transforms {

namespace {

// The n with n(n + extra)/2 == m, or a ShapeError.
int64_t side_from_length(int64_t m, int64_t extra, const char* who) {
  // n^2 + extra*n - 2m = 0
  const double disc = static_cast<double>(extra * extra + 8 * m);
  const auto n = static_cast<int64_t>(std::llround((-extra + std::sqrt(disc)) / 2));
  if (n * (n + extra) / 2 != m)
    throw ShapeError(std::string(who) + ": a vector of length " + std::to_string(m) +
                     " is not the size of a triangular matrix");
  return n;
}

Shape vec_to_square(Shape s, int64_t extra, const char* who) {
  if (s.empty())
    throw ShapeError(std::string(who) + " needs at least one dimension");
  const int64_t n = side_from_length(s.back(), extra, who);
  s.back() = n;
  s.push_back(n);
  return s;
}

Shape square_to_vec(Shape s, int64_t extra, const char* who) {
  if (s.size() < 2 || s[s.size() - 1] != s[s.size() - 2])
    throw ShapeError(std::string(who) + " needs square matrices, got " + format_shape(s));
  const int64_t n = s.back();
  s.pop_back();
  s.back() = n * (n + extra) / 2;
  return s;
}

class LowerCholesky : public Transform {
public:
  std::string name() const override { return "LowerCholeskyTransform"; }
  at::Tensor forward(const at::Tensor& x) const override {
    const int64_t m = x.size(-1);
    const int64_t n = side_from_length(m, 1, "LowerCholeskyTransform");
    auto strict = vec_to_tril(x.narrow(-1, 0, m - n), n, -1);
    return strict + at::diag_embed(x.narrow(-1, m - n, n).exp());
  }
  at::Tensor inverse(const at::Tensor& y) const override {
    return at::cat({tril_to_vec(y, -1), y.diagonal(0, -2, -1).log()}, -1);
  }
  at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor& y) const override {
    const int64_t n = y.size(-1);
    return x.narrow(-1, x.size(-1) - n, n).sum(-1);
  }
  ConstraintPtr domain() const override { return constraints::real_vector(); }
  ConstraintPtr codomain() const override { return constraints::lower_cholesky(); }
  Shape forward_shape(const Shape& s) const override {
    return vec_to_square(s, 1, "LowerCholeskyTransform");
  }
  Shape inverse_shape(const Shape& s) const override {
    return square_to_vec(s, 1, "LowerCholeskyTransform");
  }
};

class CorrCholesky : public Transform {
public:
  std::string name() const override { return "CorrCholeskyTransform"; }
  // Lewandowski, Kurowicka & Joe (2009), via Stan's reference manual "Cholesky factors of
  // correlation matrices": tanh gives canonical partial correlations, and each row is a stick
  // broken so that its squares sum to one.
  at::Tensor forward(const at::Tensor& x) const override {
    const int64_t n = side_from_length(x.size(-1), -1, "CorrCholeskyTransform");
    const double e = finfo_eps(x);
    auto r = vec_to_tril(at::clamp(x.tanh(), -1 + e, 1 - e), n, -1);
    auto stick = (1 - r * r).sqrt().cumprod(-1);
    auto ones = at::ones_like(stick.narrow(-1, 0, 1));
    auto left = at::cat({ones, stick.narrow(-1, 0, n - 1)}, -1);
    return (r + at::eye(n, x.options())) * left;
  }
  // The stick left before entry j of a row, 1 - sum_(k<j) y_k^2, is summed from the entries
  // at and after j (rows have unit norm): subtracting from 1 cancels to 0 or below near the
  // boundary (partial correlations near +-1, as forward(+-30) produces) and made the inverse
  // and the log-det NaN.
  static at::Tensor stick_left(const at::Tensor& y) { return reverse_cumsum(y * y); }
  at::Tensor inverse(const at::Tensor& y) const override {
    const double e = finfo_eps(y);
    auto t = tril_to_vec(y, -1) / tril_to_vec(stick_left(y), -1).sqrt();
    // forward keeps the partial correlations in [-1 + eps, 1 - eps]; so does the inverse.
    t = at::clamp(t, -1 + e, 1 - e);
    return (t.log1p() - (-t).log1p()) / 2;
  }
  at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor& y) const override {
    // 1 - sum_(k<=j) y_k^2 is the stick left before entry j + 1.
    const int64_t n = y.size(-1);
    auto left =
        at::cat({stick_left(y).narrow(-1, 1, n - 1), at::zeros_like(y.narrow(-1, 0, 1))}, -1);
    auto stick_logdet = 0.5 * tril_to_vec(left, -2).log().sum(-1);
    auto tanh_logdet = -2 * (x + at::softplus(-2 * x) - std::log(2.)).sum(-1);
    return stick_logdet + tanh_logdet;
  }
  ConstraintPtr domain() const override { return constraints::real_vector(); }
  ConstraintPtr codomain() const override { return constraints::corr_cholesky(); }
  Shape forward_shape(const Shape& s) const override {
    return vec_to_square(s, -1, "CorrCholeskyTransform");
  }
  Shape inverse_shape(const Shape& s) const override {
    return square_to_vec(s, -1, "CorrCholeskyTransform");
  }
};

class Cholesky : public Transform {
public:
  std::string name() const override { return "CholeskyTransform"; }
  at::Tensor forward(const at::Tensor& x) const override { return at::linalg_cholesky(x); }
  at::Tensor inverse(const at::Tensor& y) const override {
    return at::matmul(y, y.transpose(-2, -1));
  }
  // The map L -> L L^T on the free (lower) entries has determinant 2^n prod_i L_ii^(n-i)
  // (0-based i); this is the reverse direction.
  at::Tensor log_abs_det_jacobian(const at::Tensor&, const at::Tensor& y) const override {
    const int64_t n = y.size(-1);
    auto exponents = at::arange(n, 0, -1, y.options());
    auto logdiag = y.diagonal(0, -2, -1).log();
    return -(n * std::log(2.) + (exponents * logdiag).sum(-1));
  }
  ConstraintPtr domain() const override { return constraints::positive_definite(); }
  ConstraintPtr codomain() const override { return constraints::lower_cholesky(); }
};

} // namespace

TransformPtr lower_cholesky() {
  static const TransformPtr t = std::make_shared<LowerCholesky>();
  return t;
}
TransformPtr corr_cholesky() {
  static const TransformPtr t = std::make_shared<CorrCholesky>();
  return t;
}
TransformPtr cholesky() {
  static const TransformPtr t = std::make_shared<Cholesky>();
  return t;
}

} // namespace kiln::dist::transforms
