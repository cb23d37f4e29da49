#include "core/diagnostics/ess.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/diagnostics/ascending_order.h"
#include "core/diagnostics/autocovariance.h"
#include "core/diagnostics/quantile.h"
#include "core/diagnostics/rank_normalization.h"
#include "core/diagnostics/split_chains.h"
#include "core/util/error.h"
#include "core/util/format.h"

namespace kiln::diagnostics {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// np.finfo(float).resolution: ArviZ's threshold for "these draws are all the same".
constexpr double kResolution = 1e-15;

void check_prob(double prob, const char* who) {
  if (!(prob >= 0.0 && prob <= 1.0))
    throw DomainError(std::string(who) + ": prob is " + format_number(prob) +
                      ", but must be in [0, 1]");
}

std::vector<double> sorted_draws(const Chains& x) {
  std::vector<double> sorted(x.data(), x.data() + x.size());
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

// ArviZ's _ess on finite values, at least 2 draws per chain.
double geyer_ess(const Chains& x) {
  const int64_t chains = x.chains();
  const int64_t n = x.draws();
  const auto [lo, hi] = std::minmax_element(x.data(), x.data() + x.size());
  const double total = static_cast<double>(x.size());
  if (*hi - *lo < kResolution)
    return total;

  // Vehtari et al. (2021) eq. 3: var+ = (n - 1)/n W + B/n, with W the mean within-chain
  // variance and B/n the variance of the chain means.
  MeanAutocovariance acov(x);
  const double dn = static_cast<double>(n);
  const double mean_var = acov.at_lag(0) * dn / (dn - 1.0);
  double var_plus = mean_var * (dn - 1.0) / dn;
  if (chains > 1) {
    const std::vector<double>& means = acov.chain_means();
    double mean_of_means = 0;
    for (double m : means)
      mean_of_means += m;
    mean_of_means /= static_cast<double>(chains);
    double ss = 0;
    for (double m : means)
      ss += (m - mean_of_means) * (m - mean_of_means);
    var_plus += ss / static_cast<double>(chains - 1);
  }
  // Eq. 10: rho_t = 1 - (W - mean autocovariance at lag t) / var+.
  auto rho_at = [&](int64_t lag) { return 1.0 - (mean_var - acov.at_lag(lag)) / var_plus; };

  std::vector<double> rho(n, 0.0);
  double rho_even = 1.0;
  rho[0] = rho_even;
  double rho_odd = rho_at(1);
  rho[1] = rho_odd;
  // Geyer's initial positive sequence (eq. 11): sum pairs rho_{2k} + rho_{2k+1} while positive.
  // The bound n - 3 is ArviZ's; Stan's n - 4 differs only for odd n.
  int64_t t = 1;
  while (t < n - 3 && rho_even + rho_odd > 0.0) {
    rho_even = rho_at(t + 1);
    rho_odd = rho_at(t + 2);
    if (rho_even + rho_odd >= 0.0) {
      rho[t + 1] = rho_even;
      rho[t + 2] = rho_odd;
    }
    t += 2;
  }
  const int64_t max_t = t - 2;
  // The last even lag enters once more, which reduces the variance of the estimate for
  // antithetic chains (Vehtari et al. 2021, p. 8, "In extreme antithetic cases").
  if (rho_even > 0)
    rho[max_t + 1] = rho_even;
  // Geyer's initial monotone sequence: no pair may exceed the pair before it.
  for (t = 1; t <= max_t - 2; t += 2) {
    if (rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]) {
      rho[t + 1] = (rho[t - 1] + rho[t]) / 2.0;
      rho[t + 2] = rho[t + 1];
    }
  }
  // Eq. 13: tau = -1 + 2 sum_{t <= max_t} rho_t + rho_{max_t + 1}, at least 1 / log10(N)
  // (so ESS <= N log10 N).
  double sum = 0;
  for (int64_t k = 0; k <= max_t; ++k)
    sum += rho[k];
  double tau = -1.0 + 2.0 * sum + rho[max_t + 1];
  if (std::any_of(rho.begin(), rho.end(), [](double r) { return std::isnan(r); }) ||
      std::isnan(tau))
    return kNan;
  tau = std::max(tau, 1.0 / std::log10(total));
  return total / tau;
}

} // namespace

double ess(const Chains& x) {
  if (x.chains() < 1 || x.draws() < 2 || !x.all_finite())
    return kNan;
  return geyer_ess(x);
}

double ess_mean(const Chains& x) {
  if (!valid_for_diagnostics(x))
    return kNan;
  return geyer_ess(split_chains(x).view());
}

double ess_bulk(const Chains& x) {
  if (!valid_for_diagnostics(x))
    return kNan;
  const std::vector<int64_t> kept = kept_by_split(ascending_order(x.data(), x.size()), x);
  return geyer_ess(split_normal_scores(x, kept).view());
}

double ess_below(const Chains& x, double q) {
  if (!valid_for_diagnostics(x))
    return kNan;
  return geyer_ess(split_chains(x, [q](double v) { return v <= q ? 1.0 : 0.0; }).view());
}

double ess_quantile(const Chains& x, double prob) {
  check_prob(prob, "ess_quantile");
  if (!valid_for_diagnostics(x))
    return kNan;
  const std::vector<double> sorted = sorted_draws(x);
  return ess_below(x, quantile_of_sorted(sorted.data(), x.size(), prob));
}

double ess_tail(const Chains& x, double prob) {
  check_prob(prob, "ess_tail");
  return valid_for_diagnostics(x) ? ess_tail(x, sorted_draws(x), prob) : kNan;
}

double ess_tail(const Chains& x, const std::vector<double>& sorted, double prob) {
  check_prob(prob, "ess_tail");
  if (!valid_for_diagnostics(x))
    return kNan;
  const double low = ess_below(x, quantile_of_sorted(sorted.data(), x.size(), prob));
  const double high = ess_below(x, quantile_of_sorted(sorted.data(), x.size(), 1.0 - prob));
  return std::isnan(low) || std::isnan(high) ? kNan : std::min(low, high);
}

} // namespace kiln::diagnostics
