#pragma once
// Goodness-of-fit statistics for sampling tests, each returning whether the sample passes at
// a small fixed significance level (1e-3), so a correct sampler with a fixed seed passes and a
// wrong one fails.

#include <ATen/core/Tensor.h>

namespace kiln::test {

// Kolmogorov-Smirnov distance between sorted samples (1-D) and the model cdf at those points.
double ks_statistic(const at::Tensor& sorted_samples, const at::Tensor& cdf_at_samples);
// The KS critical value at alpha = 1e-3 for n samples (asymptotic: 1.949 / sqrt(n)).
double ks_critical(int64_t n);

// Upper 1e-3 quantile of chi-square with `df` degrees of freedom (Wilson-Hilferty).
double chi2_critical(int64_t df);
// Pearson's statistic over bins of `observed` counts vs `expected` counts, merging adjacent
// bins until each expects at least 5; returns {statistic, degrees of freedom}.
std::pair<double, int64_t> chi2_statistic(const at::Tensor& observed, const at::Tensor& expected);

// The number of standard errors by which the sample mean of `x` (along dim 0) misses `mean`:
// the largest over all other positions.
double mean_z(const at::Tensor& x, const at::Tensor& mean);
// The same for the sample variance against `variance`, using the sample fourth moment.
double variance_z(const at::Tensor& x, const at::Tensor& variance);

} // namespace kiln::test
