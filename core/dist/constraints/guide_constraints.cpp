#include "core/dist/constraints/guide_constraints.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/transforms/biject_to.h"
#include "core/dist/transforms/transforms.h"
#include "core/util/error.h"
#include "core/util/shape.h"
#include "core/util/tensor_util.h"

namespace kiln::dist::constraints {

namespace {

class SoftplusPositive : public Constraint {
public:
  std::string name() const override { return "softplus_positive"; }
  std::string requirement() const override { return "positive"; }
  at::Tensor check(const at::Tensor& v) const override { return v > 0; }
};

class UnitLowerCholesky : public Constraint {
public:
  std::string name() const override { return "unit_lower_cholesky"; }
  std::string requirement() const override { return "lower triangular with a unit diagonal"; }
  at::Tensor check(const at::Tensor& v) const override {
    auto lower = (v.tril() == v).flatten(-2).all(-1);
    auto unit = (v.diagonal(0, -2, -1) == 1).all(-1);
    return lower & unit;
  }
  int64_t event_dim() const override { return 2; }
};

// The n with n(n - 1)/2 == m, or a ShapeError.
int64_t side_from_strict_length(int64_t m) {
  int64_t n = 1;
  while (n * (n - 1) / 2 < m)
    ++n;
  if (n * (n - 1) / 2 != m)
    throw ShapeError("UnitLowerCholeskyTransform: a vector of length " + std::to_string(m) +
                     " is not the size of a strictly lower triangle");
  return n;
}

class UnitLowerCholeskyTransform : public Transform {
public:
  std::string name() const override { return "UnitLowerCholeskyTransform"; }
  at::Tensor forward(const at::Tensor& x) const override {
    const int64_t n = side_from_strict_length(x.size(-1));
    return vec_to_tril(x, n, -1) + at::eye(n, x.options());
  }
  at::Tensor inverse(const at::Tensor& y) const override { return tril_to_vec(y, -1); }
  at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor&) const override {
    return at::zeros(x.sizes().slice(0, x.dim() - 1), x.options());
  }
  ConstraintPtr domain() const override { return independent(real(), 1); }
  ConstraintPtr codomain() const override { return unit_lower_cholesky(); }
  Shape forward_shape(const Shape& shape) const override {
    if (shape.empty())
      throw ShapeError("UnitLowerCholeskyTransform needs at least one dimension");
    Shape s = shape;
    const int64_t n = side_from_strict_length(s.back());
    s.back() = n;
    s.push_back(n);
    return s;
  }
  Shape inverse_shape(const Shape& shape) const override {
    if (shape.size() < 2 || shape[shape.size() - 1] != shape[shape.size() - 2])
      throw ShapeError("UnitLowerCholeskyTransform needs square matrices, got " +
                       format_shape(shape));
    Shape s = shape;
    const int64_t n = s.back();
    s.pop_back();
    s.back() = n * (n - 1) / 2;
    return s;
  }
};

// Registered on first use of either constraint, before any biject_to can ask for them.
void register_bijections() {
  static const bool done = [] {
    register_bijection("softplus_positive",
                       [](const ConstraintPtr&) { return transforms::softplus(); });
    register_bijection("unit_lower_cholesky", [](const ConstraintPtr&) -> TransformPtr {
      return std::make_shared<UnitLowerCholeskyTransform>();
    });
    return true;
  }();
  (void)done;
}

} // namespace

ConstraintPtr softplus_positive() {
  register_bijections();
  static const ConstraintPtr c = std::make_shared<SoftplusPositive>();
  return c;
}

ConstraintPtr unit_lower_cholesky() {
  register_bijections();
  static const ConstraintPtr c = std::make_shared<UnitLowerCholesky>();
  return c;
}

} // namespace kiln::dist::constraints
