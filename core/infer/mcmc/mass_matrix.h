#pragma once
// The Euclidean metric of HMC (Betancourt 2017, "A Conceptual Introduction to Hamiltonian Monte
// Carlo", section 4.2): momenta p ~ N(0, M), kinetic energy K(p) = p' M^-1 p / 2. What is stored
// is the inverse metric M^-1, the matrix adaptation estimates as the posterior covariance, and
// what the integrator needs (the velocity M^-1 p). Plain double arrays: the kernels call these
// once or twice a leapfrog step, on vectors too small for ATen's per-op overhead to pay.

#include <cstdint>
#include <vector>

namespace kiln::infer::mcmc {

class RandomSource;

class MassMatrix {
public:
  // The identity, kept diagonal (dim entries) or dense (dim x dim).
  MassMatrix(int64_t dim, bool dense);

  int64_t dim() const { return dim_; }
  bool dense() const { return dense_; }

  // M^-1: dim variances when diagonal, dim * dim entries (row-major, symmetric) when dense.
  const std::vector<double>& inverse() const { return inverse_; }
  // Replaces M^-1. Diagonal entries must be positive and finite, a dense matrix symmetric
  // positive definite; otherwise an Error says which entry or pivot failed.
  void set_inverse(std::vector<double> inverse);

  // v = M^-1 p: the velocity, and the "sharp" momentum of the U-turn criterion.
  void velocity(const double* p, double* v) const;
  // K(p) = p . v / 2, with v = velocity(p).
  double kinetic_energy(const double* p, const double* v) const;
  // A draw p ~ N(0, M).
  void sample_momentum(RandomSource& random, double* p) const;

private:
  int64_t dim_;
  bool dense_;
  std::vector<double> inverse_;
  // Diagonal: 1 / sqrt(M^-1_ii), the momentum scales. Dense: the lower Cholesky factor L of
  // M^-1 = L L' (row-major), so that p = L'^-1 z with z ~ N(0, I) has covariance M.
  std::vector<double> factor_;
};

} // namespace kiln::infer::mcmc
