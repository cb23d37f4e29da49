#include "core/infer/mcmc/welford.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/util/error.h"

namespace kiln::infer::mcmc {

WelfordEstimator::WelfordEstimator(int64_t dim, bool dense)
    : dim_(dim), dense_(dense), mean_(dim), m2_(dense ? dim * dim : dim), delta_(dim) {}

void WelfordEstimator::restart() {
  count_ = 0;
  std::fill(mean_.begin(), mean_.end(), 0.0);
  std::fill(m2_.begin(), m2_.end(), 0.0);
}

void WelfordEstimator::add(const double* x) {
  ++count_;
  const double n = static_cast<double>(count_);
  // delta = x - old mean; the update multiplies it by x - new mean.
  for (int64_t i = 0; i < dim_; ++i) {
    delta_[i] = x[i] - mean_[i];
    mean_[i] += delta_[i] / n;
  }
  if (!dense_) {
    for (int64_t i = 0; i < dim_; ++i)
      m2_[i] += (x[i] - mean_[i]) * delta_[i];
    return;
  }
  for (int64_t i = 0; i < dim_; ++i) {
    const double after = x[i] - mean_[i];
    double* row = m2_.data() + i * dim_;
    for (int64_t j = 0; j < dim_; ++j)
      row[j] += after * delta_[j];
  }
}

std::vector<double> WelfordEstimator::regularized() const {
  if (count_ < 2)
    throw Error("WelfordEstimator: a variance needs at least two draws, got " +
                std::to_string(count_));
  const double n = static_cast<double>(count_);
  const double shrink = n / (n + 5.0), ridge = 1e-3 * 5.0 / (n + 5.0);
  std::vector<double> out(m2_.size());
  for (size_t k = 0; k < m2_.size(); ++k)
    out[k] = shrink * m2_[k] / (n - 1.0);
  if (dense_) {
    // The crossed sums are symmetric up to rounding; make them exactly so.
    for (int64_t i = 0; i < dim_; ++i)
      for (int64_t j = 0; j < i; ++j)
        out[i * dim_ + j] = out[j * dim_ + i] = 0.5 * (out[i * dim_ + j] + out[j * dim_ + i]);
  }
  for (int64_t i = 0; i < dim_; ++i)
    out[dense_ ? i * dim_ + i : i] += ridge;
  for (double v : out)
    if (!std::isfinite(v))
      throw Error("numerical overflow in mass matrix adaptation: the draws reached extreme "
                  "values on the unconstrained space; the posterior may be improper or too "
                  "wide (check the model's priors)");
  return out;
}

} // namespace kiln::infer::mcmc
