#include "core/dist/checks.h"

#include <atomic>

#include <ATen/ATen.h>

#include "core/dist/validation.h"
#include "core/util/error.h"
#include "core/util/format.h"

namespace kiln::dist {

namespace {

std::atomic<bool> g_validation{true};
// The innermost ValidationScope of this thread: -1 none, else 0 or 1.
thread_local int t_validation = -1;

std::string format_index(const Shape& shape, int64_t flat) {
  if (shape.empty())
    return "";
  Shape idx(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    idx[i] = flat % shape[i];
    flat /= shape[i];
  }
  std::string out = "[";
  for (size_t i = 0; i < idx.size(); ++i)
    out += (i ? ", " : "") + std::to_string(idx[i]);
  return out + "]";
}

} // namespace

void enable_validation(bool enabled) {
  g_validation.store(enabled);
}
bool is_validation_enabled() {
  return t_validation >= 0 ? t_validation == 1 : g_validation.load(std::memory_order_relaxed);
}

ValidationScope::ValidationScope(bool enabled) : previous_(t_validation) {
  t_validation = enabled ? 1 : 0;
}
ValidationScope::~ValidationScope() {
  t_validation = previous_;
}

void check_constraint(const std::string& family, const std::string& argument,
                      const at::Tensor& value, const Constraint& constraint) {
  at::NoGradGuard no_grad; // the checks record nothing, so the value needs no detach
  if (constraint.holds_everywhere(value))
    return;
  const at::Tensor ok = constraint.check(value);
  if (ok.all().item<bool>())
    return;
  const Shape ok_shape = to_shape(ok.sizes());
  const int64_t first = (~ok).flatten().nonzero()[0][0].item<int64_t>();
  const int64_t event_dim = constraint.event_dim();
  const Shape event = take_right(to_shape(value.sizes()), event_dim);
  auto expanded = value.detach().expand(concat(ok_shape, event));
  auto flat = expanded.reshape(concat({-1}, event));
  throw DomainError(family + ": " + argument + format_index(ok_shape, first) + " is " +
                    format_values(flat[first]) + ", but must be " + constraint.requirement());
}

void check_value_shape(const std::string& family, const at::Tensor& value, const Shape& batch_shape,
                       const Shape& event_shape) {
  const Shape shape = to_shape(value.sizes());
  const auto event_dim = static_cast<int64_t>(event_shape.size());
  const bool event_ok = static_cast<int64_t>(shape.size()) >= event_dim &&
                        take_right(shape, event_dim) == event_shape;
  bool batch_ok = event_ok;
  if (event_ok) {
    const Shape batch = drop_right(shape, event_dim);
    for (size_t i = 0; i < std::min(batch.size(), batch_shape.size()); ++i) {
      const int64_t a = batch[batch.size() - 1 - i];
      const int64_t b = batch_shape[batch_shape.size() - 1 - i];
      if (a != b && a != 1 && b != 1)
        batch_ok = false;
    }
  }
  if (!batch_ok)
    throw ShapeError(family + ": value of shape " + format_shape(shape) +
                     " does not fit batch shape " + format_shape(batch_shape) +
                     " and event shape " + format_shape(event_shape) +
                     " (it must end in the event shape and broadcast with the batch shape)");
}

void check_min_dims(const std::string& family, const std::string& argument, const at::Tensor& value,
                    int64_t min_dims) {
  if (value.dim() < min_dims)
    throw ShapeError(family + ": " + argument + " must have at least " + std::to_string(min_dims) +
                     " dimension" + (min_dims == 1 ? "" : "s") + ", got shape " +
                     format_shape(to_shape(value.sizes())));
}

} // namespace kiln::dist
