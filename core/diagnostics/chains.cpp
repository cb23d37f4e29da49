#include "core/diagnostics/chains.h"

#include <algorithm>
#include <cmath>

#include <ATen/ATen.h>

#include "core/util/error.h"
#include "core/util/shape.h"

namespace kiln::diagnostics {

Chains::Chains(const double* data, int64_t chains, int64_t draws)
    : data_(data), chains_(chains), draws_(draws) {
  if (chains < 0 || draws < 0 || (data == nullptr && chains * draws > 0))
    throw ShapeError("diagnostics: " + std::to_string(chains) + " chains of " +
                     std::to_string(draws) + " draws is not a valid buffer");
}

Chains::Chains(const at::Tensor& draws) : data_(nullptr), chains_(0), draws_(0) {
  if (!draws.defined())
    throw ShapeError("diagnostics: the draws tensor is undefined");
  if (draws.dim() != 2)
    throw ShapeError("diagnostics: draws must have shape (chains, draws), got " +
                     format_shape(draws.sizes().vec()));
  if (draws.is_complex())
    throw DomainError("diagnostics: draws must be real, got a complex tensor");
  storage_ = draws.to(at::kCPU, at::kDouble).contiguous();
  data_ = storage_.data_ptr<double>();
  chains_ = storage_.size(0);
  draws_ = storage_.size(1);
}

bool Chains::all_finite() const {
  for (int64_t i = 0, n = size(); i < n; ++i)
    if (!std::isfinite(data_[i]))
      return false;
  return true;
}

bool valid_for_diagnostics(const Chains& x, int64_t min_chains) {
  return x.chains() >= std::max<int64_t>(min_chains, 1) && x.draws() >= kMinDraws && x.all_finite();
}

} // namespace kiln::diagnostics
