#include "core/infer/mcmc/hmc.h"

#include <algorithm>
#include <cmath>

namespace kiln::infer::mcmc {

HMC::HMC(const Potential& potential, KernelConfig config)
    : HamiltonianKernel(potential, config), proposal_(potential.dim()), scratch_(potential.dim()) {}

int64_t HMC::num_steps() const {
  if (config_.num_steps > 0)
    return config_.num_steps;
  // Pyro's and Stan's L = T / eps, at least one step; capped so a tiny step cannot overflow.
  const double steps = std::floor(config_.trajectory_length / step_size());
  return std::max<int64_t>(1, static_cast<int64_t>(std::min(steps, 1e9)));
}

SamplerStats HMC::transition(double step_size, RandomSource& random) {
  proposal_ = current_;
  mass_.sample_momentum(random, proposal_.p.data());
  const double h0 = hamiltonian(mass_, proposal_, scratch_.data());
  const int64_t steps = num_steps();
  int64_t taken = 0;
  while (taken < steps) {
    leapfrog(potential_, mass_, step_size, proposal_, scratch_.data());
    ++taken;
    if (!std::isfinite(proposal_.potential))
      break; // left the density's domain: the proposal has zero density and is rejected
  }
  const double h1 = hamiltonian(mass_, proposal_, scratch_.data());
  // The Metropolis acceptance probability min(1, exp(H0 - H1)) (Neal 2011, eq. 3.6).
  const double accept = std::isfinite(h1) ? std::min(1.0, std::exp(h0 - h1)) : 0.0;
  SamplerStats stats;
  stats.accept_stat = accept;
  stats.n_leapfrog = taken;
  stats.diverging = h1 - h0 > config_.max_energy_error;
  if (random.uniform() < accept) {
    std::swap(current_, proposal_);
    stats.energy = h1;
  } else {
    stats.energy = h0;
  }
  stats.lp = -current_.potential;
  return stats;
}

} // namespace kiln::infer::mcmc
