#include "core/dist/meta/improper_uniform.h"

#include <ATen/ATen.h>

#include "core/dist/meta/independent.h"
#include "core/dist/meta/masked.h"
#include "core/dist/registry.h"
#include "core/util/error.h"

namespace kiln::dist {

namespace {
const bool registered =
    register_family({"ImproperUniform",
                     {"support", "batch_shape", "event_shape"},
                     [](const DistArgs& a) {
                       if (!a.has("batch_shape"))
                         throw Error("ImproperUniform: missing required argument 'batch_shape'");
                       return std::make_shared<ImproperUniform>(a.constraint("support"),
                                                                a.shape_or("batch_shape", {}),
                                                                a.shape_or("event_shape", {}));
                     },
                     {"event_shape"},
                     {}});
} // namespace

ImproperUniform::ImproperUniform(ConstraintPtr support, Shape batch_shape, Shape event_shape)
    : support_(std::move(support)) {
  if (!support_)
    throw Error("ImproperUniform: support must be a constraint");
  // A value of the support needs at least support.event_dim dims of its own.
  if (static_cast<int64_t>(event_shape.size()) < support_->event_dim())
    throw ShapeError("ImproperUniform: event_shape " + format_shape(event_shape) + " has fewer " +
                     "dims than the " + std::to_string(support_->event_dim()) + " event dims of " +
                     "the support " + support_->repr());
  set_shapes(std::move(batch_shape), std::move(event_shape));
}

std::shared_ptr<Distribution> ImproperUniform::clone() const {
  return std::make_shared<ImproperUniform>(*this);
}

std::string ImproperUniform::repr() const {
  return "ImproperUniform(support: " + support_->repr() +
         ", batch_shape: " + format_shape(batch_shape()) +
         ", event_shape: " + format_shape(event_shape()) + ")";
}

at::Tensor ImproperUniform::sample(const Shape&) const {
  throw NotSupportedError("ImproperUniform cannot be sampled: an improper density has no "
                          "normalizing constant, so there is no distribution to draw from");
}

at::Tensor ImproperUniform::rsample(const Shape& sample_shape) const {
  return sample(sample_shape);
}

// Pyro: zeros of broadcast(value.shape[:-event_dim], batch_shape).
at::Tensor ImproperUniform::log_prob(const at::Tensor& value) const {
  validate_sample(value);
  const Shape shape =
      broadcast_shapes(drop_right(to_shape(value.sizes()), event_dim()), batch_shape());
  auto opts = value.is_floating_point() ? value.options() : options();
  return at::zeros(shape, opts);
}

bool is_improper(const Distribution& d) {
  const Distribution* base = &d;
  for (;;) {
    if (auto* ind = dynamic_cast<const Independent*>(base))
      base = ind->base_dist().get();
    else if (auto* masked = dynamic_cast<const Masked*>(base))
      base = masked->base_dist().get();
    else
      return dynamic_cast<const ImproperUniform*>(base) != nullptr;
  }
}

} // namespace kiln::dist
