#pragma once
// Running estimates of the variance or covariance of the draws in an adaptation window
// (Welford 1962), and Stan's regularization of them into an inverse mass matrix.

#include <cstdint>
#include <vector>

namespace kiln::infer::mcmc {

class WelfordEstimator {
public:
  // Tracks the elementwise variance (diagonal) or the full covariance (dense) of dim-vectors.
  WelfordEstimator(int64_t dim, bool dense);

  void add(const double* x);
  int64_t count() const { return count_; }
  void restart();

  // The sample (co)variance (dividing by n - 1) shrunk toward 1e-3 I as Stan does,
  //   n / (n + 5) * S + 1e-3 * 5 / (n + 5) * I,
  // so a short window cannot make the metric singular: dim values (diagonal) or dim * dim
  // (dense, row-major). Needs at least two draws; an Error otherwise, or when the estimate
  // is not finite (the draws overflowed).
  std::vector<double> regularized() const;

private:
  int64_t dim_;
  bool dense_;
  int64_t count_ = 0;
  std::vector<double> mean_;
  std::vector<double> m2_; // sums of squared (diagonal) or crossed (dense) deviations
  std::vector<double> delta_;
};

} // namespace kiln::infer::mcmc
