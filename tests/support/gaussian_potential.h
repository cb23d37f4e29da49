#pragma once
// Closed-form targets for sampler tests: U(x) = (x - mean)' P (x - mean) / 2 with precision P,
// and Neal's funnel, on plain double arrays like the kernels' own.

#include <cstdint>
#include <vector>

#include "core/infer/mcmc/potential.h"

namespace kiln::test {

class GaussianPotential : public infer::mcmc::Potential {
public:
  // Independent coordinates with the given standard deviations.
  static GaussianPotential diagonal(std::vector<double> mean, const std::vector<double>& sd);
  // Covariance `covariance` (dim * dim, row-major, symmetric positive definite).
  static GaussianPotential dense(std::vector<double> mean, const std::vector<double>& covariance);

  int64_t dim() const override { return static_cast<int64_t>(mean_.size()); }
  double value(const double* x) const override;
  double value_and_grad(const double* x, double* grad) const override;

  // Potential evaluations so far (for counting gradient calls).
  mutable int64_t calls = 0;

private:
  GaussianPotential(std::vector<double> mean, std::vector<double> precision)
      : mean_(std::move(mean)), precision_(std::move(precision)) {}
  std::vector<double> mean_;
  std::vector<double> precision_; // dim * dim
};

// Neal's funnel (Neal 2003, "Slice sampling", section 8): v ~ N(0, 3), x_i ~ N(0, exp(v / 2)),
// i = 1 .. dim - 1, sampled as written (centered), whose neck makes HMC diverge.
class FunnelPotential : public infer::mcmc::Potential {
public:
  explicit FunnelPotential(int64_t dim) : dim_(dim) {}
  int64_t dim() const override { return dim_; }
  double value(const double* x) const override;
  double value_and_grad(const double* x, double* grad) const override;

private:
  int64_t dim_;
};

} // namespace kiln::test
