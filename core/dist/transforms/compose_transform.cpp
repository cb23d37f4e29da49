// Composition of transforms and reinterpretation of batch dims, with torch's bookkeeping of
// event dims: a part acting on scalars inside a composition acting on vectors has its
// log-det terms summed over the extra dims.
#include "core/dist/transforms/transforms.h"

#include <algorithm>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/util/error.h"
#include "core/util/tensor_util.h"

namespace kiln::dist::transforms {

namespace {

ConstraintPtr with_event_dim(ConstraintPtr c, int64_t event_dim) {
  const int64_t extra = event_dim - c->event_dim();
  return extra > 0 ? constraints::independent(std::move(c), extra) : c;
}

class Compose : public Transform {
public:
  explicit Compose(std::vector<TransformPtr> parts) : parts_(std::move(parts)) {}
  std::string name() const override {
    std::string out = "ComposeTransform(";
    for (size_t i = 0; i < parts_.size(); ++i)
      out += (i ? ", " : "") + parts_[i]->name();
    return out + ")";
  }
  bool is_identity() const override {
    return std::all_of(parts_.begin(), parts_.end(),
                       [](const TransformPtr& p) { return p->is_identity(); });
  }
  at::Tensor forward(const at::Tensor& x) const override {
    auto y = x;
    for (const auto& p : parts_)
      y = p->forward(y);
    return y;
  }
  at::Tensor inverse(const at::Tensor& y) const override {
    auto x = y;
    for (auto it = parts_.rbegin(); it != parts_.rend(); ++it)
      x = (*it)->inverse(x);
    return x;
  }
  at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor& y) const override {
    if (parts_.empty())
      return at::zeros_like(x);
    int64_t event_dim = domain()->event_dim();
    at::Tensor total;
    auto xi = x;
    for (size_t i = 0; i < parts_.size(); ++i) {
      const auto& p = parts_[i];
      auto yi = i + 1 == parts_.size() ? y : p->forward(xi);
      auto term =
          sum_rightmost(p->log_abs_det_jacobian(xi, yi), event_dim - p->domain()->event_dim());
      total = total.defined() ? total + term : term;
      event_dim += p->codomain()->event_dim() - p->domain()->event_dim();
      xi = yi;
    }
    return total;
  }
  ConstraintPtr domain() const override {
    if (parts_.empty())
      return constraints::real();
    int64_t event_dim = parts_.back()->codomain()->event_dim();
    for (auto it = parts_.rbegin(); it != parts_.rend(); ++it) {
      event_dim += (*it)->domain()->event_dim() - (*it)->codomain()->event_dim();
      event_dim = std::max(event_dim, (*it)->domain()->event_dim());
    }
    return with_event_dim(parts_.front()->domain(), event_dim);
  }
  ConstraintPtr codomain() const override {
    if (parts_.empty())
      return constraints::real();
    int64_t event_dim = parts_.front()->domain()->event_dim();
    for (const auto& p : parts_) {
      event_dim += p->codomain()->event_dim() - p->domain()->event_dim();
      event_dim = std::max(event_dim, p->codomain()->event_dim());
    }
    return with_event_dim(parts_.back()->codomain(), event_dim);
  }
  Shape forward_shape(const Shape& s) const override {
    Shape out = s;
    for (const auto& p : parts_)
      out = p->forward_shape(out);
    return out;
  }
  Shape inverse_shape(const Shape& s) const override {
    Shape out = s;
    for (auto it = parts_.rbegin(); it != parts_.rend(); ++it)
      out = (*it)->inverse_shape(out);
    return out;
  }

private:
  std::vector<TransformPtr> parts_;
};

class Independent : public Transform {
public:
  Independent(TransformPtr base, int64_t n) : base_(std::move(base)), n_(n) {}
  std::string name() const override {
    return "IndependentTransform(" + base_->name() + ", " + std::to_string(n_) + ")";
  }
  bool is_identity() const override { return base_->is_identity(); }
  at::Tensor forward(const at::Tensor& x) const override { return base_->forward(x); }
  at::Tensor inverse(const at::Tensor& y) const override { return base_->inverse(y); }
  at::Tensor log_abs_det_jacobian(const at::Tensor& x, const at::Tensor& y) const override {
    return sum_rightmost(base_->log_abs_det_jacobian(x, y), n_);
  }
  ConstraintPtr domain() const override { return constraints::independent(base_->domain(), n_); }
  ConstraintPtr codomain() const override {
    return constraints::independent(base_->codomain(), n_);
  }
  Shape forward_shape(const Shape& s) const override { return base_->forward_shape(s); }
  Shape inverse_shape(const Shape& s) const override { return base_->inverse_shape(s); }

private:
  TransformPtr base_;
  int64_t n_;
};

} // namespace

TransformPtr compose(std::vector<TransformPtr> parts) {
  for (const auto& p : parts)
    if (!p)
      throw Error("ComposeTransform: a part is null");
  return std::make_shared<Compose>(std::move(parts));
}

TransformPtr independent(TransformPtr base, int64_t n) {
  if (n < 0)
    throw Error("IndependentTransform: reinterpreted_batch_ndims must be nonnegative");
  return std::make_shared<Independent>(std::move(base), n);
}

} // namespace kiln::dist::transforms
