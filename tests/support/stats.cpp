#include "tests/support/stats.h"

#include <cmath>

#include <ATen/ATen.h>

namespace kiln::test {

double ks_statistic(const at::Tensor& sorted, const at::Tensor& cdf) {
  const int64_t n = sorted.size(0);
  auto i = at::arange(1, n + 1, cdf.options());
  auto above = (i / n - cdf).max();
  auto below = (cdf - (i - 1) / n).max();
  return std::max(above.item<double>(), below.item<double>());
}

double ks_critical(int64_t n) {
  return 1.949 / std::sqrt(static_cast<double>(n));
}

double chi2_critical(int64_t df) {
  const double z = 3.0902; // upper 1e-3 normal quantile
  const double k = static_cast<double>(df);
  const double c = 2.0 / (9.0 * k);
  return k * std::pow(1 - c + z * std::sqrt(c), 3);
}

std::pair<double, int64_t> chi2_statistic(const at::Tensor& observed, const at::Tensor& expected) {
  auto o = observed.to(at::kDouble).contiguous();
  auto e = expected.to(at::kDouble).contiguous();
  const auto* op = o.data_ptr<double>();
  const auto* ep = e.data_ptr<double>();
  double stat = 0, acc_o = 0, acc_e = 0;
  int64_t bins = 0;
  for (int64_t i = 0; i < o.numel(); ++i) {
    acc_o += op[i];
    acc_e += ep[i];
    if (acc_e >= 5) {
      stat += (acc_o - acc_e) * (acc_o - acc_e) / acc_e;
      ++bins;
      acc_o = acc_e = 0;
    }
  }
  if (acc_e > 0) {
    stat += (acc_o - acc_e) * (acc_o - acc_e) / std::max(acc_e, 1e-300);
    ++bins;
  }
  return {stat, std::max<int64_t>(bins - 1, 1)};
}

namespace {

// |diff| / se, where a zero standard error demands an exact match, and positions whose
// reference is nan (a family without that moment, such as Categorical's mean) are left out.
double max_z(const at::Tensor& diff, const at::Tensor& se, const at::Tensor& reference) {
  auto z = at::where(
      se > 0, diff.abs() / se,
      at::where(diff.abs() <= 1e-10, at::zeros_like(diff), at::full_like(diff, INFINITY)));
  z = at::where(at::isnan(reference.expand_as(z)), at::zeros_like(z), z);
  return z.max().item<double>();
}

} // namespace

double mean_z(const at::Tensor& x, const at::Tensor& mean) {
  const double n = static_cast<double>(x.size(0));
  auto se = (x.var(0, /*unbiased=*/true) / n).sqrt();
  return max_z(x.mean(0) - mean, se, mean);
}

double variance_z(const at::Tensor& x, const at::Tensor& variance) {
  const double n = static_cast<double>(x.size(0));
  auto centered = x - x.mean(0);
  auto m2 = (centered * centered).mean(0);
  auto m4 = centered.pow(4).mean(0);
  auto se = ((m4 - m2 * m2) / n).sqrt();
  return max_z(centered.pow(2).sum(0) / (n - 1) - variance, se, variance);
}

} // namespace kiln::test
