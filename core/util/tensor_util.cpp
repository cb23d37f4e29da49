#include "core/util/tensor_util.h"

#include <cmath>
#include <limits>

#include <ATen/ATen.h>

namespace kiln {

at::Tensor sum_rightmost(const at::Tensor& t, int64_t n) {
  if (n == 0)
    return t;
  return t.flatten(t.dim() - n, t.dim() - 1).sum(-1);
}

at::Tensor reverse_cumsum(const at::Tensor& t) {
  return t.flip(-1).cumsum(-1).flip(-1);
}

bool all_finite(const at::Tensor& t) {
  if (!t.is_floating_point() || t.numel() == 0)
    return true;
  if (std::isfinite(t.sum().item<double>()))
    return true;
  return at::isfinite(t).all().item<bool>();
}

at::Tensor undo_expand(const at::Tensor& t, int64_t keep_right) {
  at::Tensor out = t;
  for (int64_t d = 0; d < t.dim() - keep_right; ++d)
    if (t.stride(d) == 0 && t.size(d) > 1)
      out = out.narrow(d, 0, 1);
  return out;
}

double finfo_eps(const at::Tensor& t) {
  return t.scalar_type() == at::kFloat ? std::numeric_limits<float>::epsilon()
                                       : std::numeric_limits<double>::epsilon();
}

double finfo_tiny(const at::Tensor& t) {
  return t.scalar_type() == at::kFloat ? std::numeric_limits<float>::min()
                                       : std::numeric_limits<double>::min();
}

at::Tensor tril_to_vec(const at::Tensor& m, int64_t offset) {
  const int64_t n = m.size(-1);
  auto idx = at::tril_indices(n, n, offset, at::TensorOptions().dtype(at::kLong));
  return m.index({at::indexing::Ellipsis, idx[0], idx[1]});
}

at::Tensor vec_to_tril(const at::Tensor& v, int64_t n, int64_t offset) {
  auto idx = at::tril_indices(n, n, offset, at::TensorOptions().dtype(at::kLong));
  auto shape = v.sizes().vec();
  shape.pop_back();
  shape.push_back(n * n);
  auto flat = at::zeros(shape, v.options());
  auto linear = idx[0] * n + idx[1];
  flat = flat.index_copy(-1, linear, v);
  shape.pop_back();
  shape.push_back(n);
  shape.push_back(n);
  return flat.view(shape);
}

} // namespace kiln
