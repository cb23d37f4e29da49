#include "core/infer/mcmc/integrator.h"

#include <cmath>
#include <limits>

#include "core/util/error.h"

namespace kiln::infer::mcmc {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

void evaluate(const Potential& potential, PhasePoint& point) {
  const size_t dim = point.q.size();
  double u;
  try {
    u = potential.value_and_grad(point.q.data(), point.grad.data());
  } catch (const DomainError&) {
    u = kInf;
  }
  bool finite = std::isfinite(u);
  for (size_t i = 0; finite && i < dim; ++i)
    finite = std::isfinite(point.grad[i]);
  point.potential = finite ? u : kInf;
}

void leapfrog(const Potential& potential, const MassMatrix& mass, double step_size,
              PhasePoint& point, double* scratch) {
  const size_t dim = point.q.size();
  const double half = 0.5 * step_size;
  for (size_t i = 0; i < dim; ++i)
    point.p[i] -= half * point.grad[i];
  mass.velocity(point.p.data(), scratch);
  for (size_t i = 0; i < dim; ++i)
    point.q[i] += step_size * scratch[i];
  evaluate(potential, point);
  for (size_t i = 0; i < dim; ++i)
    point.p[i] -= half * point.grad[i];
}

double hamiltonian(const MassMatrix& mass, const PhasePoint& point, double* velocity) {
  mass.velocity(point.p.data(), velocity);
  const double h = point.potential + mass.kinetic_energy(point.p.data(), velocity);
  return std::isnan(h) ? kInf : h;
}

} // namespace kiln::infer::mcmc
