#include "core/diagnostics/mcse.h"

#include <cmath>
#include <limits>

#include "core/diagnostics/ess.h"
#include "core/diagnostics/split_chains.h"

namespace kiln::diagnostics {

namespace {

double mean_of(const Chains& x) {
  double sum = 0;
  for (int64_t i = 0, n = x.size(); i < n; ++i)
    sum += x.data()[i];
  return sum / static_cast<double>(x.size());
}

} // namespace

double mcse_mean(const Chains& x) {
  if (!valid_for_diagnostics(x))
    return std::numeric_limits<double>::quiet_NaN();
  const double mean = mean_of(x);
  double ss = 0;
  for (int64_t i = 0, n = x.size(); i < n; ++i)
    ss += (x.data()[i] - mean) * (x.data()[i] - mean);
  const double var = ss / static_cast<double>(x.size() - 1);
  return std::sqrt(var / ess_mean(x));
}

double mcse_sd(const Chains& x) {
  if (!valid_for_diagnostics(x))
    return std::numeric_limits<double>::quiet_NaN();
  const double mean = mean_of(x);
  auto square_deviation = [mean](double v) { return (v - mean) * (v - mean); };
  double sum2 = 0;
  double sum4 = 0;
  for (int64_t i = 0, n = x.size(); i < n; ++i) {
    const double d2 = square_deviation(x.data()[i]);
    sum2 += d2;
    sum4 += d2 * d2;
  }
  const double n = static_cast<double>(x.size());
  const double evar = sum2 / n;
  const double ess_d2 = ess(split_chains(x, square_deviation).view());
  const double varvar = (sum4 / n - evar * evar) / ess_d2;
  return std::sqrt(varvar / evar / 4.0);
}

} // namespace kiln::diagnostics
