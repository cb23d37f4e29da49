#include "core/dist/meta/transformed_distribution.h"

#include <algorithm>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/meta/independent.h"
#include "core/dist/registry.h"
#include "core/dist/transforms/transforms.h"
#include "core/util/error.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const bool registered = register_family(
    {"TransformedDistribution", {"base_distribution", "transforms"}, [](const DistArgs& a) {
       return std::make_shared<TransformedDistribution>(a.distribution("base_distribution"),
                                                        a.transforms("transforms"));
     }});
} // namespace

// Follows torch.distributions.TransformedDistribution.__init__ (torch 1.13) step by step.
TransformedDistribution::TransformedDistribution(DistPtr base, std::vector<TransformPtr> transforms)
    : transforms_(std::move(transforms)) {
  if (!base)
    throw Error("TransformedDistribution: base_distribution is null");
  for (const auto& t : transforms_)
    if (!t)
      throw Error("TransformedDistribution: a transform is null");
  const Shape base_shape = concat(base->batch_shape(), base->event_shape());
  const int64_t base_event_dim = base->event_dim();
  const auto transform = transforms::compose(transforms_);
  const int64_t domain_event_dim = transform->domain()->event_dim();
  const int64_t codomain_event_dim = transform->codomain()->event_dim();
  if (static_cast<int64_t>(base_shape.size()) < domain_event_dim)
    throw ShapeError("TransformedDistribution: base_distribution needs a shape of at least " +
                     std::to_string(domain_event_dim) + " dims for the transforms' domain, but " +
                     "has shape " + format_shape(base_shape));
  // Transforms that broadcast (an affine map with batched loc) widen the base.
  const Shape forward_shape = transform->forward_shape(base_shape);
  const Shape expanded_base_shape = transform->inverse_shape(forward_shape);
  if (expanded_base_shape != base_shape)
    base = base->expand(drop_right(expanded_base_shape, base_event_dim));
  // Batch dims of the base that the transforms act on jointly become event dims.
  if (domain_event_dim > base_event_dim)
    base = std::make_shared<Independent>(base, domain_event_dim - base_event_dim);
  base_ = std::move(base);

  // The event is as wide as the transforms couple it, or as the base already was.
  const int64_t event_dim =
      std::max(codomain_event_dim, base_event_dim + codomain_event_dim - domain_event_dim);
  if (static_cast<int64_t>(forward_shape.size()) < event_dim)
    throw ShapeError("TransformedDistribution: the transformed shape " +
                     format_shape(forward_shape) + " has fewer than " + std::to_string(event_dim) +
                     " event dims");
  set_shapes(drop_right(forward_shape, event_dim), take_right(forward_shape, event_dim));
}

std::shared_ptr<Distribution> TransformedDistribution::clone() const {
  return std::make_shared<TransformedDistribution>(*this);
}

std::string TransformedDistribution::repr() const {
  std::string out = "TransformedDistribution(" + base_->repr() + ", [";
  for (size_t i = 0; i < transforms_.size(); ++i)
    out += (i ? ", " : "") + transforms_[i]->name();
  return out + "])";
}

at::Tensor TransformedDistribution::sample(const Shape& sample_shape) const {
  at::NoGradGuard no_grad;
  auto x = base_->sample(sample_shape);
  for (const auto& t : transforms_)
    x = t->forward(x);
  return x;
}

at::Tensor TransformedDistribution::rsample(const Shape& sample_shape) const {
  auto x = base_->rsample(sample_shape);
  for (const auto& t : transforms_)
    x = t->forward(x);
  return x;
}

// Change of variables, walking the transforms backwards; `event_dim` tracks how many rightmost
// dims of the current value belong to one event, so each log |det J| is summed over the event
// dims that its transform treats as batch.
at::Tensor TransformedDistribution::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  int64_t event_dim = this->event_dim();
  at::Tensor log_prob;
  at::Tensor y = value;
  for (auto it = transforms_.rbegin(); it != transforms_.rend(); ++it) {
    const auto& t = *it;
    auto x = t->inverse(y);
    event_dim += t->domain()->event_dim() - t->codomain()->event_dim();
    auto term = sum_rightmost(t->log_abs_det_jacobian(x, y), event_dim - t->domain()->event_dim());
    log_prob = log_prob.defined() ? log_prob - term : -term;
    y = x;
  }
  auto base_lp = sum_rightmost(base_->log_prob(y), event_dim - base_->event_dim());
  return log_prob.defined() ? log_prob + base_lp : base_lp;
}

ConstraintPtr TransformedDistribution::support() const {
  if (transforms_.empty())
    return base_->support();
  auto support = transforms_.back()->codomain();
  const int64_t extra = event_dim() - support->event_dim();
  return extra > 0 ? constraints::independent(support, extra) : support;
}

DistPtr TransformedDistribution::expand(const Shape& batch_shape) const {
  if (!expandable(this->batch_shape(), batch_shape))
    throw ShapeError("TransformedDistribution: cannot expand batch shape " +
                     format_shape(this->batch_shape()) + " to " + format_shape(batch_shape));
  Shape shape = concat(batch_shape, event_shape());
  for (auto it = transforms_.rbegin(); it != transforms_.rend(); ++it)
    shape = (*it)->inverse_shape(shape);
  auto out = std::make_shared<TransformedDistribution>(*this);
  out->base_ = base_->expand(drop_right(shape, base_->event_dim()));
  out->set_shapes(batch_shape, event_shape());
  return out;
}

} // namespace kiln::dist
