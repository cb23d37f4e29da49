#include "core/infer/mcmc/mass_matrix.h"

#include <cmath>
#include <string>

#include "core/infer/mcmc/random_source.h"
#include "core/util/error.h"

namespace kiln::infer::mcmc {

namespace {

std::string entry(int64_t i, int64_t j) {
  return "[" + std::to_string(i) + ", " + std::to_string(j) + "]";
}

} // namespace

MassMatrix::MassMatrix(int64_t dim, bool dense) : dim_(dim), dense_(dense) {
  if (dim < 0)
    throw Error("MassMatrix: the dimension is " + std::to_string(dim) +
                ", but must be non-negative");
  std::vector<double> identity(dense ? dim * dim : dim, 0.0);
  for (int64_t i = 0; i < dim; ++i)
    identity[dense ? i * dim + i : i] = 1.0;
  set_inverse(std::move(identity));
}

void MassMatrix::set_inverse(std::vector<double> inverse) {
  const size_t expected = static_cast<size_t>(dense_ ? dim_ * dim_ : dim_);
  if (inverse.size() != expected)
    throw ShapeError("MassMatrix: the inverse mass matrix has " + std::to_string(inverse.size()) +
                     " entries, but a " + (dense_ ? "dense" : "diagonal") +
                     " matrix of dimension " + std::to_string(dim_) + " has " +
                     std::to_string(expected));
  std::vector<double> factor(inverse.size());
  if (!dense_) {
    for (int64_t i = 0; i < dim_; ++i) {
      if (!(inverse[i] > 0.0) || !std::isfinite(inverse[i]))
        throw Error("MassMatrix: the inverse mass matrix's diagonal entry " + std::to_string(i) +
                    " is " + std::to_string(inverse[i]) + ", but must be positive and finite");
      factor[i] = 1.0 / std::sqrt(inverse[i]);
    }
  } else {
    for (int64_t i = 0; i < dim_; ++i)
      for (int64_t j = 0; j < i; ++j)
        if (!(inverse[i * dim_ + j] == inverse[j * dim_ + i]))
          throw Error("MassMatrix: the inverse mass matrix is not symmetric at " + entry(i, j));
    // Cholesky-Banachiewicz, row by row.
    for (int64_t i = 0; i < dim_; ++i) {
      for (int64_t j = 0; j <= i; ++j) {
        double s = inverse[i * dim_ + j];
        for (int64_t k = 0; k < j; ++k)
          s -= factor[i * dim_ + k] * factor[j * dim_ + k];
        if (i == j) {
          if (!(s > 0.0) || !std::isfinite(s))
            throw Error("MassMatrix: the inverse mass matrix is not positive definite (pivot " +
                        std::to_string(i) + " is " + std::to_string(s) + ")");
          factor[i * dim_ + i] = std::sqrt(s);
        } else {
          factor[i * dim_ + j] = s / factor[j * dim_ + j];
        }
      }
    }
  }
  inverse_ = std::move(inverse);
  factor_ = std::move(factor);
}

void MassMatrix::velocity(const double* p, double* v) const {
  if (!dense_) {
    for (int64_t i = 0; i < dim_; ++i)
      v[i] = inverse_[i] * p[i];
    return;
  }
  for (int64_t i = 0; i < dim_; ++i) {
    const double* row = inverse_.data() + i * dim_;
    double s = 0.0;
    for (int64_t j = 0; j < dim_; ++j)
      s += row[j] * p[j];
    v[i] = s;
  }
}

double MassMatrix::kinetic_energy(const double* p, const double* v) const {
  double s = 0.0;
  for (int64_t i = 0; i < dim_; ++i)
    s += p[i] * v[i];
  return 0.5 * s;
}

void MassMatrix::sample_momentum(RandomSource& random, double* p) const {
  if (!dense_) {
    for (int64_t i = 0; i < dim_; ++i)
      p[i] = random.normal() * factor_[i];
    return;
  }
  for (int64_t i = 0; i < dim_; ++i)
    p[i] = random.normal();
  // Solve L' p = z by back substitution: Cov(p) = (L L')^-1 = M.
  for (int64_t i = dim_ - 1; i >= 0; --i) {
    double s = p[i];
    for (int64_t k = i + 1; k < dim_; ++k)
      s -= factor_[k * dim_ + i] * p[k];
    p[i] = s / factor_[i * dim_ + i];
  }
}

} // namespace kiln::infer::mcmc
