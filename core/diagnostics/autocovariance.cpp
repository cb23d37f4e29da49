#include "core/diagnostics/autocovariance.h"

#include <ATen/ATen.h>

#include "core/util/error.h"
#include "core/util/shape.h"

namespace kiln::diagnostics {

namespace {

// The smallest 5-smooth number >= n (scipy's next_fast_len): a length pocketfft handles fast.
int64_t fast_fft_length(int64_t n) {
  for (int64_t m = n;; ++m) {
    int64_t r = m;
    for (int64_t p : {2, 3, 5})
      while (r % p == 0)
        r /= p;
    if (r == 1)
      return m;
  }
}

// sum_t a[t] * b[t] over n terms, in eight independent partial sums: the compiler turns the
// inner loop into vector instructions without reassociating anything.
double dot(const double* a, const double* b, int64_t n) {
  double partial[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t t = 0;
  for (; t + 8 <= n; t += 8)
    for (int j = 0; j < 8; ++j)
      partial[j] += a[t + j] * b[t + j];
  double sum = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
               ((partial[4] + partial[5]) + (partial[6] + partial[7]));
  for (; t < n; ++t)
    sum += a[t] * b[t];
  return sum;
}

} // namespace

at::Tensor autocovariance(const at::Tensor& x) {
  if (!x.defined() || x.dim() == 0)
    throw ShapeError("autocovariance: needs a series along the last dim, got a scalar");
  const int64_t n = x.size(-1);
  const at::Tensor y = x.to(at::kCPU, at::kDouble);
  if (n == 0)
    return y.clone();
  const at::Tensor centered = y - y.mean(-1, /*keepdim=*/true);
  const int64_t m = fast_fft_length(2 * n);
  const at::Tensor spectrum = at::fft_rfft(centered, m, -1);
  // |X|^2 as X conj(X), as ArviZ computes it: a tenth of the time of re^2 + im^2 in ATen.
  return at::fft_irfft(spectrum.mul(spectrum.conj()), m, -1).narrow(-1, 0, n) /
         static_cast<double>(n);
}

at::Tensor autocorrelation(const at::Tensor& x) {
  const at::Tensor cov = autocovariance(x);
  return cov / cov.narrow(-1, 0, std::min<int64_t>(1, cov.size(-1)));
}

MeanAutocovariance::MeanAutocovariance(const Chains& x)
    : chains_(x.chains()), draws_(x.draws()), centered_(x.size()), chain_means_(x.chains()) {
  for (int64_t c = 0; c < chains_; ++c) {
    const double* in = x.chain(c);
    double sum = 0;
    for (int64_t t = 0; t < draws_; ++t)
      sum += in[t];
    const double mean = sum / static_cast<double>(draws_);
    chain_means_[c] = mean;
    double* out = centered_.data() + c * draws_;
    for (int64_t t = 0; t < draws_; ++t)
      out[t] = in[t] - mean;
  }
}

double MeanAutocovariance::at_lag(int64_t lag) {
  if (lag < 0 || lag >= draws_)
    throw ShapeError("MeanAutocovariance: lag " + std::to_string(lag) + " of chains of " +
                     std::to_string(draws_) + " draws");
  const int64_t known = static_cast<int64_t>(lags_.size());
  const bool slow_decay = known > kDecayCheckLag && lags_[kDecayCheckLag] > kSlowDecay * lags_[0];
  if (lag >= known && (lag >= kDirectLags || slow_decay)) {
    const at::Tensor series = at::from_blob(centered_.data(), {chains_, draws_}, at::kDouble);
    const at::Tensor mean = autocovariance(series).mean(0).contiguous();
    lags_.assign(mean.data_ptr<double>(), mean.data_ptr<double>() + draws_);
  }
  while (lag >= static_cast<int64_t>(lags_.size())) {
    const int64_t k = static_cast<int64_t>(lags_.size());
    double sum = 0;
    for (int64_t c = 0; c < chains_; ++c) {
      const double* y = centered_.data() + c * draws_;
      sum += dot(y, y + k, draws_ - k);
    }
    lags_.push_back(sum / static_cast<double>(draws_) / static_cast<double>(chains_));
  }
  return lags_[lag];
}

} // namespace kiln::diagnostics
