#include "core/dist/meta/masked.h"

#include <ATen/ATen.h>

#include "core/util/error.h"

namespace kiln::dist {

Masked::Masked(DistPtr base, at::Tensor mask) : base_(std::move(base)), mask_(std::move(mask)) {
  if (!base_)
    throw Error("MaskedDistribution: base distribution is null");
  if (mask_.scalar_type() != at::kBool)
    throw Error("MaskedDistribution: mask must be a bool tensor, got " +
                std::string(c10::toString(mask_.scalar_type())));
  Shape batch;
  try {
    batch = broadcast_shapes(to_shape(mask_.sizes()), base_->batch_shape());
  } catch (const ShapeError&) {
    throw ShapeError("MaskedDistribution: mask of shape " + format_shape(to_shape(mask_.sizes())) +
                     " does not broadcast with batch shape " + format_shape(base_->batch_shape()));
  }
  if (batch != base_->batch_shape())
    base_ = base_->expand(batch);
  set_shapes(batch, base_->event_shape());
}

std::shared_ptr<Distribution> Masked::clone() const {
  return std::make_shared<Masked>(*this);
}

std::string Masked::repr() const {
  return "MaskedDistribution(" + base_->repr() + ")";
}

at::Tensor Masked::sample(const Shape& s) const {
  return base_->sample(s);
}
at::Tensor Masked::rsample(const Shape& s) const {
  return base_->rsample(s);
}

at::Tensor Masked::log_prob(const at::Tensor& value) const {
  auto lp = base_->log_prob(value);
  return at::where(mask_, lp, at::zeros({}, lp.options()));
}

at::Tensor Masked::enumerate_support(bool expand) const {
  return base_->enumerate_support(expand);
}

DistPtr Masked::expand(const Shape& batch_shape) const {
  if (!expandable(this->batch_shape(), batch_shape))
    throw ShapeError("MaskedDistribution: cannot expand batch shape " +
                     format_shape(this->batch_shape()) + " to " + format_shape(batch_shape));
  return std::make_shared<Masked>(base_->expand(batch_shape), mask_.expand(batch_shape));
}

} // namespace kiln::dist
