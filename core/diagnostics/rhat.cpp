#include "core/diagnostics/rhat.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/diagnostics/ascending_order.h"
#include "core/diagnostics/ess.h"
#include "core/diagnostics/quantile.h"
#include "core/diagnostics/rank_normalization.h"
#include "core/diagnostics/split_chains.h"

namespace kiln::diagnostics {

double rhat_basic(const Chains& x) {
  const int64_t chains = x.chains();
  const int64_t n = x.draws();
  const double dn = static_cast<double>(n);
  std::vector<double> means(chains);
  double within = 0;
  for (int64_t c = 0; c < chains; ++c) {
    const double* v = x.chain(c);
    double sum = 0;
    for (int64_t t = 0; t < n; ++t)
      sum += v[t];
    const double mean = sum / dn;
    double ss = 0;
    for (int64_t t = 0; t < n; ++t)
      ss += (v[t] - mean) * (v[t] - mean);
    means[c] = mean;
    within += ss / (dn - 1.0);
  }
  within /= static_cast<double>(chains);
  double grand = 0;
  for (double m : means)
    grand += m;
  grand /= static_cast<double>(chains);
  double ss = 0;
  for (double m : means)
    ss += (m - grand) * (m - grand);
  const double between = dn * ss / static_cast<double>(chains - 1);
  return std::sqrt((between / within + dn - 1.0) / dn);
}

double rank_normalized_rhat(const Chains& bulk_scores, const Chains& folded_scores) {
  const double bulk = rhat_basic(bulk_scores);
  const double tail = rhat_basic(folded_scores);
  if (std::isnan(bulk) || std::isnan(tail))
    return std::numeric_limits<double>::quiet_NaN();
  return std::max(bulk, tail);
}

double rhat(const Chains& x) {
  if (!valid_for_diagnostics(x, 2))
    return std::numeric_limits<double>::quiet_NaN();
  const std::vector<int64_t> kept = kept_by_split(ascending_order(x.data(), x.size()), x);
  std::vector<double> sorted(kept.size());
  for (size_t i = 0; i < kept.size(); ++i)
    sorted[i] = x.data()[kept[i]];
  const double median = median_of_sorted(sorted.data(), static_cast<int64_t>(sorted.size()));
  return rank_normalized_rhat(split_normal_scores(x, kept).view(),
                              split_folded_normal_scores(x, kept, median).view());
}

} // namespace kiln::diagnostics
