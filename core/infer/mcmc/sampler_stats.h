#pragma once
// What a kernel reports about each iteration: Stan's sampler columns (lp__, accept_stat__,
// stepsize__, treedepth__, n_leapfrog__, divergent__, energy__).

#include <cstdint>

namespace kiln::infer::mcmc {

struct SamplerStats {
  double lp = 0.0;          // log density at the draw, up to a constant: minus the potential
  double accept_stat = 0.0; // HMC: the Metropolis acceptance probability; NUTS: its average over
                            // every state of the trajectory (what dual averaging adapts to)
  double step_size = 0.0;   // the leapfrog step size this iteration used
  int64_t tree_depth = 0;   // NUTS: the depth of the trajectory's tree; HMC: 0
  int64_t n_leapfrog = 0;   // leapfrog steps (gradient evaluations) this iteration took
  bool diverging = false;   // the energy error exceeded the threshold (1000) somewhere
  double energy = 0.0;      // the Hamiltonian at the draw (for E-BFMI)
};

} // namespace kiln::infer::mcmc
