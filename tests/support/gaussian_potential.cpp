#include "tests/support/gaussian_potential.h"

#include <cmath>

#include <ATen/ATen.h>

namespace kiln::test {

GaussianPotential GaussianPotential::diagonal(std::vector<double> mean,
                                              const std::vector<double>& sd) {
  const size_t n = mean.size();
  std::vector<double> precision(n * n, 0.0);
  for (size_t i = 0; i < n; ++i)
    precision[i * n + i] = 1.0 / (sd[i] * sd[i]);
  return GaussianPotential(std::move(mean), std::move(precision));
}

GaussianPotential GaussianPotential::dense(std::vector<double> mean,
                                           const std::vector<double>& covariance) {
  const int64_t n = static_cast<int64_t>(mean.size());
  const at::Tensor cov = at::tensor(covariance, at::kDouble).reshape({n, n});
  const at::Tensor precision = at::linalg_inv(cov).contiguous();
  const double* p = precision.data_ptr<double>();
  return GaussianPotential(std::move(mean), std::vector<double>(p, p + n * n));
}

double GaussianPotential::value(const double* x) const {
  std::vector<double> grad(mean_.size());
  return value_and_grad(x, grad.data());
}

double GaussianPotential::value_and_grad(const double* x, double* grad) const {
  ++calls;
  const size_t n = mean_.size();
  double u = 0.0;
  for (size_t i = 0; i < n; ++i) {
    double g = 0.0;
    for (size_t j = 0; j < n; ++j)
      g += precision_[i * n + j] * (x[j] - mean_[j]);
    grad[i] = g;
    u += 0.5 * (x[i] - mean_[i]) * g;
  }
  return u;
}

double FunnelPotential::value(const double* x) const {
  std::vector<double> grad(dim_);
  return value_and_grad(x, grad.data());
}

double FunnelPotential::value_and_grad(const double* x, double* grad) const {
  // -log p = v^2 / 18 + sum_i [x_i^2 exp(-v) / 2 + v / 2] + const.
  const double v = x[0], inv = std::exp(-v);
  double u = v * v / 18.0, dv = v / 9.0;
  for (int64_t i = 1; i < dim_; ++i) {
    u += 0.5 * x[i] * x[i] * inv + 0.5 * v;
    dv += -0.5 * x[i] * x[i] * inv + 0.5;
    grad[i] = x[i] * inv;
  }
  grad[0] = dv;
  return u;
}

} // namespace kiln::test
