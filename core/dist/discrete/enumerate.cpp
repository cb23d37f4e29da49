#include "core/dist/discrete/enumerate.h"

#include <ATen/ATen.h>

#include "core/util/error.h"

namespace kiln::dist {

at::Tensor enumerate_values(const at::Tensor& values, const Shape& batch_shape, bool expand,
                            int64_t event_dim) {
  const auto sizes = values.sizes();
  const Shape event(sizes.end() - event_dim, sizes.end());
  Shape view{values.size(0)};
  view.insert(view.end(), batch_shape.size(), 1);
  view.insert(view.end(), event.begin(), event.end());
  auto out = values.reshape(view);
  if (!expand)
    return out;
  Shape full{values.size(0)};
  full.insert(full.end(), batch_shape.begin(), batch_shape.end());
  full.insert(full.end(), event.begin(), event.end());
  return out.expand(full);
}

int64_t homogeneous_total_count(const std::string& family, const at::Tensor& total_count) {
  const double hi = total_count.max().item<double>();
  if (total_count.min().item<double>() != hi)
    throw NotSupportedError(family +
                            ": inhomogeneous total_count is not supported by enumerate_support");
  return static_cast<int64_t>(hi);
}

} // namespace kiln::dist
