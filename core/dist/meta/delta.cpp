#include "core/dist/meta/delta.h"

#include <ATen/ATen.h>

#include "core/dist/checks.h"
#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/util/error.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

namespace {
const bool registered =
    register_family({"Delta",
                     {"v", "log_density", "event_dim"},
                     [](const DistArgs& a) {
                       return std::make_shared<Delta>(a.tensor("v"), a.tensor_or("log_density", 0.),
                                                      a.integer_or("event_dim", 0));
                     },
                     {"log_density", "event_dim"},
                     {}});
} // namespace

Delta::Delta(TensorArg v, TensorArg log_density, int64_t event_dim) {
  if (event_dim < 0)
    throw Error("Delta: event_dim must be nonnegative, got " + std::to_string(event_dim));
  check_min_dims(name(), "v", v.tensor(), event_dim);
  const Shape v_shape = to_shape(v.tensor().sizes());
  // Pyro's v is `dependent`; here it must at least be a real (not NaN) point.
  init_params({{"v", std::move(v), constraints::real(), event_dim},
               {"log_density", std::move(log_density), constraints::real()}},
              take_right(v_shape, event_dim));
  // The batch shape is v's (Pyro: v.shape[:v.dim() - event_dim]); log_density may only
  // broadcast up to it, never widen it.
  const Shape v_batch = drop_right(v_shape, event_dim);
  if (batch_shape() != v_batch)
    throw ShapeError("Delta: log_density broadcasts to batch shape " + format_shape(batch_shape()) +
                     ", but v's batch shape is " + format_shape(v_batch));
}

std::shared_ptr<Distribution> Delta::clone() const {
  return std::make_shared<Delta>(*this);
}

at::Tensor Delta::rsample(const Shape& sample_shape) const {
  return v().expand(extended_shape(sample_shape));
}

at::Tensor Delta::log_prob(const at::Tensor& value) const {
  // The point itself (an autoguide scores the value it sampled): it was validated as v, and it
  // hits everywhere, so only log_density is left.
  const at::Tensor& point = v();
  if (value.data_ptr() == point.data_ptr() && value.sizes() == point.sizes() &&
      value.strides() == point.strides() && value.scalar_type() == point.scalar_type())
    return log_density() + at::zeros(batch_shape(), options());
  validate_sample(value);
  auto hit = at::eq(value, v()).to(v().scalar_type()).log();
  return sum_rightmost(hit, event_dim()) + log_density();
}

at::Tensor Delta::mean() const {
  return v();
}
at::Tensor Delta::variance() const {
  return at::zeros_like(v());
}

ConstraintPtr Delta::support() const {
  return event_dim() == 0 ? constraints::real()
                          : constraints::independent(constraints::real(), event_dim());
}

} // namespace kiln::dist
