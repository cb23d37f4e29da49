#include "core/diagnostics/rhat.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/diagnostics/ess.h"
#include "core/diagnostics/quantile.h"
#include "core/diagnostics/rank_normalization.h"

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

double rhat(const SplitChains& split, const std::vector<int64_t>& order, double fold_center) {
  const std::vector<double> z_bulk = normal_scores(split.values.data(), order);
  std::vector<double> folded(split.values.size());
  const std::vector<int64_t> folded_order =
      fold(split.values.data(), order, fold_center, folded.data());
  const std::vector<double> z_folded = normal_scores(folded.data(), folded_order);
  const double bulk = rhat_basic(Chains(z_bulk.data(), split.chains, split.draws));
  const double tail = rhat_basic(Chains(z_folded.data(), split.chains, split.draws));
  if (std::isnan(bulk) || std::isnan(tail))
    return std::numeric_limits<double>::quiet_NaN();
  return std::max(bulk, tail);
}

double rhat(const Chains& x) {
  if (!valid_for_diagnostics(x, 2))
    return std::numeric_limits<double>::quiet_NaN();
  const SplitChains split = split_chains(x);
  const std::vector<int64_t> order =
      ascending_order(split.values.data(), split.chains * split.draws);
  std::vector<double> sorted(order.size());
  for (size_t i = 0; i < order.size(); ++i)
    sorted[i] = split.values[order[i]];
  return rhat(split, order, median_of_sorted(sorted.data(), static_cast<int64_t>(sorted.size())));
}

} // namespace kiln::diagnostics
