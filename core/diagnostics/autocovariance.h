#pragma once
// Autocovariance and autocorrelation of chains, as ArviZ's stats_utils.autocov / autocorr and
// Stan's analyze/mcmc/autocovariance.hpp define them: each chain centred at its own mean, the
// biased estimate (sums divided by n, as Geyer 1992 recommends), computed by FFT with zero
// padding to at least 2n so the circular correlation equals the linear one.

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/diagnostics/chains.h"

namespace kiln::diagnostics {

// Autocovariance at every lag 0..n-1 along the last dim of `x` (any leading shape), float64.
at::Tensor autocovariance(const at::Tensor& x);
// The same divided by the lag-0 value: 1 at lag 0; nan for a constant series.
at::Tensor autocorrelation(const at::Tensor& x);

// The mean over chains of each chain's autocovariance at a lag, for ESS. Geyer's sequence
// usually stops after a few lags, so these are summed directly while few lags are asked for;
// when the autocorrelation decays so slowly that many lags will be (or past kDirectLags), every
// lag is computed at once by FFT. Lags are cached.
class MeanAutocovariance {
public:
  explicit MeanAutocovariance(const Chains& x);
  // 0 <= lag < draws.
  double at_lag(int64_t lag);
  // Each chain's mean.
  const std::vector<double>& chain_means() const { return chain_means_; }

  // One FFT of every chain costs about as much as this many lags summed directly (8 chains of
  // 500 draws: 0.6 us a lag against 60 us).
  static constexpr int64_t kDirectLags = 96;
  // At this lag an autocorrelation above kSlowDecay (a geometric decay slower than 0.958 per
  // lag) predicts a sequence longer than kDirectLags: switch to the FFT at once.
  static constexpr int64_t kDecayCheckLag = 16;
  static constexpr double kSlowDecay = 0.5;

private:
  int64_t chains_;
  int64_t draws_;
  std::vector<double> centered_; // chains x draws, each chain minus its mean
  std::vector<double> chain_means_;
  std::vector<double> lags_; // lags_[k] for k < lags_.size()
};

} // namespace kiln::diagnostics
