// Transforms between unconstrained vectors and structured vectors: the simplex and ordered
// vectors.
#include "core/dist/transforms/transforms.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/util/error.h"
#include "core/util/tensor_util.h"

namespace kiln::dist::transforms {

namespace {

// log of the offsets K-1, K-2, ..., 1 that center the stick-breaking map at the uniform simplex.
at::Tensor log_offsets(const at::Tensor& x) {
  const int64_t k = x.size(-1);
  return (at::arange(k, 0, -1, x.options())).log();
}

class StickBreaking : public Transform {
public:
  std::string name() const override { return "StickBreakingTransform"; }
  // Stan reference manual, "Unit simplex": z_k = sigmoid(x_k - log(K - k)), y_k = z_k times
  // the stick left over.
  at::Tensor forward(const at::Tensor& x) const override {
    auto z = at::clamp(at::sigmoid(x - log_offsets(x)), finfo_tiny(x), 1. - finfo_eps(x));
    auto remaining = (1 - z).cumprod(-1);
    auto one = at::ones_like(z.narrow(-1, 0, 1));
    return at::cat({z, one}, -1) * at::cat({one, remaining}, -1);
  }
  // x_k = logit(z_k) + log(K - k) with z_k = y_k / (stick left before k), so
  // logit(z_k) = log y_k - log(stick left after k). The stick left after k is summed from the
  // entries beyond k rather than computed as 1 - (y_1 + ... + y_k), which cancels to 0 (and
  // made the inverse NaN) for simplex points near a vertex, as forward(+-30) produces.
  at::Tensor inverse(const at::Tensor& y) const override {
    const int64_t k = y.size(-1) - 1;
    auto crop = y.narrow(-1, 0, k);
    auto after = reverse_cumsum(y).narrow(-1, 1, k);
    return crop.log() - at::clamp_min(after, finfo_tiny(y)).log() + log_offsets(crop);
  }
  at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor& y) const override {
    auto shifted = x - log_offsets(x);
    auto crop = y.narrow(-1, 0, x.size(-1));
    return (-shifted + at::log_sigmoid(shifted) + crop.log()).sum(-1);
  }
  ConstraintPtr domain() const override { return constraints::real_vector(); }
  ConstraintPtr codomain() const override { return constraints::simplex(); }
  Shape forward_shape(const Shape& s) const override { return grow_last(s, +1); }
  Shape inverse_shape(const Shape& s) const override { return grow_last(s, -1); }

private:
  static Shape grow_last(Shape s, int64_t by) {
    if (s.empty())
      throw ShapeError("StickBreakingTransform needs at least one dimension");
    s.back() += by;
    return s;
  }
};

class Ordered : public Transform {
public:
  std::string name() const override { return "OrderedTransform"; }
  // y_1 = x_1, y_k = y_(k-1) + exp(x_k)  (Stan reference manual, "Ordered vector").
  at::Tensor forward(const at::Tensor& x) const override {
    const int64_t k = x.size(-1);
    return at::cat({x.narrow(-1, 0, 1), x.narrow(-1, 1, k - 1).exp()}, -1).cumsum(-1);
  }
  at::Tensor inverse(const at::Tensor& y) const override {
    const int64_t k = y.size(-1);
    auto gaps = (y.narrow(-1, 1, k - 1) - y.narrow(-1, 0, k - 1)).log();
    return at::cat({y.narrow(-1, 0, 1), gaps}, -1);
  }
  at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor&) const override {
    return x.narrow(-1, 1, x.size(-1) - 1).sum(-1);
  }
  ConstraintPtr domain() const override { return constraints::real_vector(); }
  ConstraintPtr codomain() const override { return constraints::ordered_vector(); }
};

} // namespace

TransformPtr stick_breaking() {
  static const TransformPtr t = std::make_shared<StickBreaking>();
  return t;
}
TransformPtr ordered() {
  static const TransformPtr t = std::make_shared<Ordered>();
  return t;
}

} // namespace kiln::dist::transforms
