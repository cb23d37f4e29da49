#pragma once
// A first step size for dual averaging to start from (Hoffman & Gelman 2014, algorithm 4, as
// Stan's init_stepsize runs it): double or halve the step size until the acceptance
// probability of a single leapfrog step, from `start` with fresh momentum, crosses 0.8.

#include "core/infer/mcmc/integrator.h"
#include "core/infer/mcmc/mass_matrix.h"
#include "core/infer/mcmc/potential.h"
#include "core/infer/mcmc/random_source.h"

namespace kiln::infer::mcmc {

// Returns the first step size at which the acceptance crosses 0.8. Throws Error when the step
// grows past 1e7 (the density is improper: flat in some direction) or shrinks to 0 (it is not
// continuous). `start` must have a finite potential.
double find_reasonable_step_size(const Potential& potential, const MassMatrix& mass,
                                 const PhasePoint& start, double step_size, RandomSource& random);

} // namespace kiln::infer::mcmc
