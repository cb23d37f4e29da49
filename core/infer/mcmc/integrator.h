#pragma once
// The velocity Verlet (leapfrog) integrator of Hamiltonian dynamics on plain double arrays
// (Neal 2011, "MCMC using Hamiltonian dynamics", section 2.3; Betancourt 2017, section 5.1).

#include <vector>

#include "core/infer/mcmc/mass_matrix.h"
#include "core/infer/mcmc/potential.h"

namespace kiln::infer::mcmc {

// A point of phase space, with what the kernels reuse from step to step so that a leapfrog
// step costs one gradient evaluation.
struct PhasePoint {
  std::vector<double> q;    // position (the potential's coordinates)
  std::vector<double> p;    // momentum
  std::vector<double> grad; // gradient of the potential at q
  double potential = 0.0;   // U(q); +inf where the density is zero or undefined

  explicit PhasePoint(int64_t dim = 0) : q(dim), p(dim), grad(dim) {}
};

// Sets point.potential and point.grad at point.q. A DomainError, or a potential or gradient
// that is not finite, gives potential = +inf (a point of zero density: the energy error of
// any step reaching it is infinite, so it is never accepted and marks a divergence).
void evaluate(const Potential& potential, PhasePoint& point);

// One leapfrog step of size `step_size` (negative: backwards in time):
//   p <- p - (eps/2) grad U(q);  q <- q + eps M^-1 p;  p <- p - (eps/2) grad U(q).
// Volume-preserving and reversible, so its energy error stays bounded (Betancourt 2017, 5.1).
// `scratch` holds dim doubles.
void leapfrog(const Potential& potential, const MassMatrix& mass, double step_size,
              PhasePoint& point, double* scratch);

// H = U(q) + K(p); +inf for nan. Writes the velocity M^-1 p to `velocity` (dim doubles).
double hamiltonian(const MassMatrix& mass, const PhasePoint& point, double* velocity);

} // namespace kiln::infer::mcmc
