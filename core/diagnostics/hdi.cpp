#include "core/diagnostics/hdi.h"

#include <cmath>
#include <limits>

#include <ATen/ATen.h>

#include "core/util/error.h"
#include "core/util/format.h"

namespace kiln::diagnostics {

Interval hdi_of_sorted(const double* sorted, int64_t n, double prob) {
  const int64_t span = static_cast<int64_t>(std::floor(prob * static_cast<double>(n)));
  const int64_t starts = n - span;
  int64_t best = 0;
  double best_width = sorted[span] - sorted[0];
  for (int64_t i = 1; i < starts; ++i) {
    const double width = sorted[i + span] - sorted[i];
    if (width < best_width) {
      best_width = width;
      best = i;
    }
  }
  return {sorted[best], sorted[best + span]};
}

Interval hdi(const at::Tensor& draws, double prob) {
  if (!(prob > 0.0 && prob < 1.0))
    throw DomainError("hdi: prob is " + format_number(prob) + ", but must be in (0, 1)");
  if (!draws.defined())
    throw ShapeError("hdi: the draws tensor is undefined");
  const at::Tensor v = draws.to(at::kCPU, at::kDouble).reshape({-1});
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (v.numel() == 0 || !at::isfinite(v).all().item<bool>())
    return {nan, nan};
  const at::Tensor sorted = std::get<0>(v.sort()).contiguous();
  return hdi_of_sorted(sorted.data_ptr<double>(), sorted.numel(), prob);
}

} // namespace kiln::diagnostics
