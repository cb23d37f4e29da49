#include "core/dist/transforms/transform.h"

#include "core/util/error.h"

namespace kiln::dist {

namespace {

class Inverse : public Transform {
public:
  explicit Inverse(TransformPtr base) : base_(std::move(base)) {}
  std::string name() const override { return base_->name() + ".inv"; }
  at::Tensor forward(const at::Tensor& x) const override { return base_->inverse(x); }
  at::Tensor inverse(const at::Tensor& y) const override { return base_->forward(y); }
  at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor& y) const override {
    return -base_->log_abs_det_jacobian(y, x);
  }
  ConstraintPtr domain() const override { return base_->codomain(); }
  ConstraintPtr codomain() const override { return base_->domain(); }
  Shape forward_shape(const Shape& s) const override { return base_->inverse_shape(s); }
  Shape inverse_shape(const Shape& s) const override { return base_->forward_shape(s); }
  TransformPtr inv() const override { return base_; }

private:
  TransformPtr base_;
};

} // namespace

TransformPtr Transform::inv() const {
  auto self = weak_from_this().lock();
  if (!self)
    throw Error(name() + ": inv() needs a transform owned by a shared_ptr");
  return std::make_shared<Inverse>(std::move(self));
}

} // namespace kiln::dist
