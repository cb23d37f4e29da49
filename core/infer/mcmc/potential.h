#pragma once
// What a Hamiltonian sampler moves on: a potential energy U(x) = -log density over a flat vector
// of float64 coordinates, with its gradient. The kernels see only this interface, so a model
// (ModelPotential), a closed-form target in a test, or a compiled tier can stand behind it.

#include <cstdint>

namespace kiln::infer::mcmc {

class Potential {
public:
  virtual ~Potential() = default;

  // The number of coordinates.
  virtual int64_t dim() const = 0;

  // U at x[0 .. dim-1]. A point outside the target's domain may throw DomainError, or return
  // +inf or nan: the kernels treat all three as a point of zero density and go on.
  virtual double value(const double* x) const = 0;

  // U at x, and its gradient written to grad[0 .. dim-1].
  virtual double value_and_grad(const double* x, double* grad) const = 0;
};

} // namespace kiln::infer::mcmc
