#include "core/diagnostics/bfmi.h"

#include <cmath>
#include <limits>

namespace kiln::diagnostics {

std::vector<double> e_bfmi(const Chains& energy) {
  const int64_t n = energy.draws();
  std::vector<double> out(energy.chains(), std::numeric_limits<double>::quiet_NaN());
  if (n < 2)
    return out;
  for (int64_t c = 0; c < energy.chains(); ++c) {
    const double* e = energy.chain(c);
    double sum = 0;
    bool finite = true;
    for (int64_t t = 0; t < n; ++t) {
      sum += e[t];
      finite = finite && std::isfinite(e[t]);
    }
    if (!finite)
      continue;
    const double mean = sum / static_cast<double>(n);
    double ss = 0;
    for (int64_t t = 0; t < n; ++t)
      ss += (e[t] - mean) * (e[t] - mean);
    double jumps = 0;
    for (int64_t t = 1; t < n; ++t)
      jumps += (e[t] - e[t - 1]) * (e[t] - e[t - 1]);
    // ArviZ's mean(diff^2) / var(ddof=1): the n - 1 of both cancel, leaving Betancourt's ratio.
    out[c] = jumps / ss;
  }
  return out;
}

} // namespace kiln::diagnostics
