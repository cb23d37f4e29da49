#include "core/diagnostics/quantile.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <ATen/ATen.h>

#include "core/util/error.h"
#include "core/util/format.h"

namespace kiln::diagnostics {

double quantile_of_sorted(const double* sorted, int64_t n, double p) {
  if (n == 1)
    return sorted[0];
  // scipy.stats.mstats.mquantiles, step by step: m = alphap + p (1 - alphap - betap).
  const double m = 1.0 + p * (1.0 - 1.0 - 1.0);
  const double aleph = static_cast<double>(n) * p + m;
  const int64_t k =
      static_cast<int64_t>(std::floor(std::clamp(aleph, 1.0, static_cast<double>(n - 1))));
  const double gamma = std::clamp(aleph - static_cast<double>(k), 0.0, 1.0);
  return (1.0 - gamma) * sorted[k - 1] + gamma * sorted[k];
}

double median_of_sorted(const double* sorted, int64_t n) {
  if (n % 2 == 1)
    return sorted[n / 2];
  return (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

std::vector<double> quantiles(const at::Tensor& draws, const std::vector<double>& probs) {
  for (double p : probs)
    if (!(p >= 0.0 && p <= 1.0))
      throw DomainError("quantiles: probability " + format_number(p) + " must be in [0, 1]");
  if (!draws.defined())
    throw ShapeError("quantiles: the draws tensor is undefined");
  const at::Tensor v = draws.to(at::kCPU, at::kDouble).reshape({-1});
  std::vector<double> out(probs.size(), std::numeric_limits<double>::quiet_NaN());
  if (v.numel() == 0 || at::isnan(v).any().item<bool>())
    return out;
  const at::Tensor sorted = std::get<0>(v.sort()).contiguous();
  for (size_t i = 0; i < probs.size(); ++i)
    out[i] = quantile_of_sorted(sorted.data_ptr<double>(), sorted.numel(), probs[i]);
  return out;
}

} // namespace kiln::diagnostics
