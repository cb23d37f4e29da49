// Constraints on whole vectors and matrices (event_dim 1 or 2).
#include "core/dist/constraints/constraints.h"

#include <ATen/ATen.h>

#include "core/util/format.h"

namespace kiln::dist::constraints {

namespace {

// Tolerance for sums and norms that should be exactly 1: loose enough for float32 draws.
double unit_tolerance(const at::Tensor& v) {
  return v.scalar_type() == at::kDouble ? 1e-6 : 1e-4;
}

class Simplex : public Constraint {
public:
  std::string name() const override { return "simplex"; }
  std::string requirement() const override {
    return "a simplex (nonnegative entries summing to 1)";
  }
  at::Tensor check(const at::Tensor& v) const override {
    return (v >= 0).all(-1) & ((v.sum(-1) - 1).abs() < unit_tolerance(v));
  }
  int64_t event_dim() const override { return 1; }
};

class Ordered : public Constraint {
public:
  explicit Ordered(bool positive) : positive_(positive) {}
  std::string name() const override {
    return positive_ ? "positive_ordered_vector" : "ordered_vector";
  }
  std::string requirement() const override {
    return positive_ ? "a vector of positive, strictly increasing entries"
                     : "a vector of strictly increasing entries";
  }
  at::Tensor check(const at::Tensor& v) const override {
    const int64_t n = v.size(-1);
    auto ok = (v == v).all(-1);
    if (n > 1)
      ok = ok & (v.narrow(-1, 1, n - 1) > v.narrow(-1, 0, n - 1)).all(-1);
    return positive_ ? ok & (v > 0).all(-1) : ok;
  }
  int64_t event_dim() const override { return 1; }

private:
  bool positive_;
};

at::Tensor lower_cholesky_check(const at::Tensor& v) {
  auto lower = (v.tril() == v).flatten(-2).all(-1);
  auto diag = (v.diagonal(0, -2, -1) > 0).all(-1);
  return lower & diag;
}

class LowerCholesky : public Constraint {
public:
  std::string name() const override { return "lower_cholesky"; }
  std::string requirement() const override { return "lower triangular with a positive diagonal"; }
  at::Tensor check(const at::Tensor& v) const override { return lower_cholesky_check(v); }
  int64_t event_dim() const override { return 2; }
};

class CorrCholesky : public Constraint {
public:
  std::string name() const override { return "corr_cholesky"; }
  std::string requirement() const override {
    return "the lower Cholesky factor of a correlation matrix (rows of unit norm)";
  }
  at::Tensor check(const at::Tensor& v) const override {
    const double tol = unit_tolerance(v) * static_cast<double>(v.size(-1));
    auto unit_rows = ((at::linalg_vector_norm(v.detach(), 2, {-1}) - 1).abs() <= tol).all(-1);
    return lower_cholesky_check(v) & unit_rows;
  }
  int64_t event_dim() const override { return 2; }
};

class PositiveDefinite : public Constraint {
public:
  std::string name() const override { return "positive_definite"; }
  std::string requirement() const override { return "a symmetric positive definite matrix"; }
  at::Tensor check(const at::Tensor& v) const override {
    auto d = v.detach();
    const double tol = unit_tolerance(v) * (1 + d.abs().amax({-2, -1}).max().item<double>());
    auto symmetric = ((d - d.transpose(-2, -1)).abs() <= tol).flatten(-2).all(-1);
    auto info = std::get<1>(at::linalg_cholesky_ex(d));
    return symmetric & (info == 0);
  }
  int64_t event_dim() const override { return 2; }
};

class MultinomialSupport : public Constraint {
public:
  explicit MultinomialSupport(at::Tensor upper) : upper_(std::move(upper)) {}
  std::string name() const override { return "multinomial"; }
  std::string requirement() const override {
    return "a vector of nonnegative integers summing to at most " +
           (upper_.numel() == 1 ? format_number(upper_.item<double>())
                                : std::string("total_count"));
  }
  at::Tensor check(const at::Tensor& v) const override {
    auto integer = (v == at::floor(v)).all(-1);
    return integer & (v >= 0).all(-1) & (v.sum(-1) <= upper_);
  }
  int64_t event_dim() const override { return 1; }
  bool is_discrete() const override { return true; }
  at::Tensor upper_bound() const override { return upper_; }

private:
  at::Tensor upper_;
};

} // namespace

ConstraintPtr simplex() {
  static const ConstraintPtr c = std::make_shared<Simplex>();
  return c;
}
ConstraintPtr ordered_vector() {
  static const ConstraintPtr c = std::make_shared<Ordered>(false);
  return c;
}
ConstraintPtr positive_ordered_vector() {
  static const ConstraintPtr c = std::make_shared<Ordered>(true);
  return c;
}
ConstraintPtr lower_cholesky() {
  static const ConstraintPtr c = std::make_shared<LowerCholesky>();
  return c;
}
ConstraintPtr corr_cholesky() {
  static const ConstraintPtr c = std::make_shared<CorrCholesky>();
  return c;
}
ConstraintPtr positive_definite() {
  static const ConstraintPtr c = std::make_shared<PositiveDefinite>();
  return c;
}
ConstraintPtr multinomial(const at::Tensor& upper_bound) {
  return std::make_shared<MultinomialSupport>(upper_bound);
}

} // namespace kiln::dist::constraints
