// Transforms that act on each element on its own (event_dim 0, unless Affine is told otherwise).
#include "core/dist/transforms/transforms.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/util/tensor_util.h"

namespace kiln::dist::transforms {

namespace {

class Identity : public Transform {
public:
  std::string name() const override { return "IdentityTransform"; }
  bool is_identity() const override { return true; }
  at::Tensor forward(const at::Tensor& x) const override { return x; }
  at::Tensor inverse(const at::Tensor& y) const override { return y; }
  at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor&) const override {
    return at::zeros_like(x);
  }
  ConstraintPtr domain() const override { return constraints::real(); }
  ConstraintPtr codomain() const override { return constraints::real(); }
};

class Exp : public Transform {
public:
  std::string name() const override { return "ExpTransform"; }
  at::Tensor forward(const at::Tensor& x) const override { return x.exp(); }
  at::Tensor inverse(const at::Tensor& y) const override { return y.log(); }
  at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor&) const override {
    return x;
  }
  ConstraintPtr domain() const override { return constraints::real(); }
  ConstraintPtr codomain() const override { return constraints::positive(); }
};

class Sigmoid : public Transform {
public:
  std::string name() const override { return "SigmoidTransform"; }
  // Clipped so that a finite x never lands on 0 or 1, where the inverse and densities blow up.
  at::Tensor forward(const at::Tensor& x) const override {
    return at::clamp(at::sigmoid(x), finfo_tiny(x), 1. - finfo_eps(x));
  }
  at::Tensor inverse(const at::Tensor& y) const override {
    auto c = at::clamp(y, finfo_tiny(y), 1. - finfo_eps(y));
    return c.log() - (-c).log1p();
  }
  at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor&) const override {
    return -at::softplus(-x) - at::softplus(x);
  }
  ConstraintPtr domain() const override { return constraints::real(); }
  ConstraintPtr codomain() const override { return constraints::unit_interval(); }
};

class Tanh : public Transform {
public:
  std::string name() const override { return "TanhTransform"; }
  at::Tensor forward(const at::Tensor& x) const override { return x.tanh(); }
  at::Tensor inverse(const at::Tensor& y) const override {
    return at::clamp(y, -1. + finfo_eps(y), 1. - finfo_eps(y)).atanh();
  }
  // log(1 - tanh(x)^2) written stably: 2 (log 2 - x - softplus(-2x)).
  at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor&) const override {
    return 2. * (std::log(2.) - x - at::softplus(-2. * x));
  }
  ConstraintPtr domain() const override { return constraints::real(); }
  ConstraintPtr codomain() const override { return constraints::interval(-1., 1.); }
};

class Softplus : public Transform {
public:
  std::string name() const override { return "SoftplusTransform"; }
  at::Tensor forward(const at::Tensor& x) const override { return at::softplus(x); }
  at::Tensor inverse(const at::Tensor& y) const override { return y + (-(-y).expm1()).log(); }
  at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor&) const override {
    return -at::softplus(-x);
  }
  ConstraintPtr domain() const override { return constraints::real(); }
  ConstraintPtr codomain() const override { return constraints::positive(); }
};

class Power : public Transform {
public:
  explicit Power(at::Tensor exponent) : exponent_(std::move(exponent)) {}
  std::string name() const override { return "PowerTransform"; }
  at::Tensor forward(const at::Tensor& x) const override { return x.pow(exponent_); }
  at::Tensor inverse(const at::Tensor& y) const override { return y.pow(1. / exponent_); }
  at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor& y) const override {
    return (exponent_ * y / x).abs().log();
  }
  ConstraintPtr domain() const override { return constraints::positive(); }
  ConstraintPtr codomain() const override { return constraints::positive(); }

private:
  at::Tensor exponent_;
};

class Affine : public Transform {
public:
  Affine(at::Tensor loc, at::Tensor scale, int64_t event_dim)
      : loc_(std::move(loc)), scale_(std::move(scale)), event_dim_(event_dim) {}
  std::string name() const override { return "AffineTransform"; }
  at::Tensor forward(const at::Tensor& x) const override { return loc_ + scale_ * x; }
  at::Tensor inverse(const at::Tensor& y) const override { return (y - loc_) / scale_; }
  at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor&) const override {
    auto shape = x.sizes().vec();
    auto ladj = scale_.abs().log().expand(shape);
    return sum_rightmost(ladj, event_dim_);
  }
  ConstraintPtr domain() const override { return real_with_event_dim(); }
  ConstraintPtr codomain() const override { return real_with_event_dim(); }
  Shape forward_shape(const Shape& s) const override {
    return broadcast_shapes(broadcast_shapes(s, to_shape(loc_.sizes())), to_shape(scale_.sizes()));
  }
  Shape inverse_shape(const Shape& s) const override { return forward_shape(s); }

private:
  ConstraintPtr real_with_event_dim() const {
    return event_dim_ == 0 ? constraints::real()
                           : constraints::independent(constraints::real(), event_dim_);
  }
  at::Tensor loc_, scale_;
  int64_t event_dim_;
};

at::Tensor as_tensor(double x) {
  return at::scalar_tensor(x, at::kDouble);
}

} // namespace

TransformPtr identity() {
  static const TransformPtr t = std::make_shared<Identity>();
  return t;
}
TransformPtr exp() {
  static const TransformPtr t = std::make_shared<Exp>();
  return t;
}
TransformPtr sigmoid() {
  static const TransformPtr t = std::make_shared<Sigmoid>();
  return t;
}
TransformPtr tanh() {
  static const TransformPtr t = std::make_shared<Tanh>();
  return t;
}
TransformPtr softplus() {
  static const TransformPtr t = std::make_shared<Softplus>();
  return t;
}
TransformPtr power(const at::Tensor& exponent) {
  return std::make_shared<Power>(exponent);
}
TransformPtr affine(const at::Tensor& loc, const at::Tensor& scale, int64_t event_dim) {
  return std::make_shared<Affine>(loc, scale, event_dim);
}
TransformPtr affine(double loc, double scale, int64_t event_dim) {
  return affine(as_tensor(loc), as_tensor(scale), event_dim);
}

} // namespace kiln::dist::transforms
