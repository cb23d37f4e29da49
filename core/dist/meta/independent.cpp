#include "core/dist/meta/independent.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/error.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const bool registered = register_family(
    {"Independent", {"base_distribution", "reinterpreted_batch_ndims"}, [](const DistArgs& a) {
       return std::make_shared<Independent>(a.distribution("base_distribution"),
                                            a.integer("reinterpreted_batch_ndims"));
     }});
} // namespace

Independent::Independent(DistPtr base, int64_t n) : base_(std::move(base)), n_(n) {
  if (!base_)
    throw Error("Independent: base distribution is null");
  const Shape& batch = base_->batch_shape();
  if (n_ < 0 || n_ > static_cast<int64_t>(batch.size()))
    throw ShapeError("Independent: cannot reinterpret " + std::to_string(n_) + " batch dims of " +
                     base_->name() + " with batch shape " + format_shape(batch));
  set_shapes(drop_right(batch, n_), concat(take_right(batch, n_), base_->event_shape()));
}

std::shared_ptr<Distribution> Independent::clone() const {
  return std::make_shared<Independent>(*this);
}

std::string Independent::repr() const {
  return "Independent(" + base_->repr() + ", " + std::to_string(n_) + ")";
}

at::Tensor Independent::sample(const Shape& s) const {
  return base_->sample(s);
}
at::Tensor Independent::rsample(const Shape& s) const {
  return base_->rsample(s);
}

at::Tensor Independent::log_prob(const at::Tensor& value) const {
  return sum_rightmost(base_->log_prob(value), n_);
}

at::Tensor Independent::entropy() const {
  return sum_rightmost(base_->entropy(), n_);
}

ConstraintPtr Independent::support() const {
  return constraints::independent(base_->support(), n_);
}

DistPtr Independent::expand(const Shape& batch_shape) const {
  if (!expandable(this->batch_shape(), batch_shape))
    throw ShapeError("Independent: cannot expand batch shape " + format_shape(this->batch_shape()) +
                     " to " + format_shape(batch_shape));
  auto base = base_->expand(concat(batch_shape, take_right(base_->batch_shape(), n_)));
  return std::make_shared<Independent>(std::move(base), n_);
}

} // namespace kiln::dist
