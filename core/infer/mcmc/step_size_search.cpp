#include "core/infer/mcmc/step_size_search.h"

#include <cmath>
#include <vector>

#include "core/util/error.h"

namespace kiln::infer::mcmc {

namespace {

// H0 - H1 of one leapfrog step of `step_size` from `start` with a fresh momentum.
double energy_change(const Potential& potential, const MassMatrix& mass, const PhasePoint& start,
                     double step_size, RandomSource& random, PhasePoint& point,
                     std::vector<double>& scratch) {
  point = start;
  mass.sample_momentum(random, point.p.data());
  const double h0 = hamiltonian(mass, point, scratch.data());
  leapfrog(potential, mass, step_size, point, scratch.data());
  const double h1 = hamiltonian(mass, point, scratch.data());
  return h0 - h1; // -inf when the step left the density's domain
}

} // namespace

double find_reasonable_step_size(const Potential& potential, const MassMatrix& mass,
                                 const PhasePoint& start, double step_size, RandomSource& random) {
  if (start.q.empty())
    return step_size;
  const double log_target = std::log(0.8);
  PhasePoint point(static_cast<int64_t>(start.q.size()));
  std::vector<double> scratch(start.q.size());
  // Grow while a step is accepted more often than 0.8, shrink while less often.
  const bool grow =
      energy_change(potential, mass, start, step_size, random, point, scratch) > log_target;
  for (;;) {
    const double delta = energy_change(potential, mass, start, step_size, random, point, scratch);
    if (grow ? !(delta > log_target) : !(delta < log_target))
      return step_size;
    step_size = grow ? 2.0 * step_size : 0.5 * step_size;
    if (step_size > 1e7)
      throw Error("MCMC: the step size search grew past 1e7 with every leapfrog step still "
                  "accepted; the posterior is improper (flat in some direction): check the "
                  "model's priors");
    if (step_size == 0.0)
      throw Error("MCMC: the step size search shrank to 0 without a leapfrog step being "
                  "accepted; the log density may not be continuous or differentiable here");
  }
}

} // namespace kiln::infer::mcmc
