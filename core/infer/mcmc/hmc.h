#pragma once
// Hamiltonian Monte Carlo with a fixed integration time or a fixed number of leapfrog steps
// and a Metropolis correction (Duane et al. 1987; Neal 2011, "MCMC using Hamiltonian
// dynamics", section 3.2; Pyro's HMC, Stan's static HMC).

#include "core/infer/mcmc/hamiltonian_kernel.h"

namespace kiln::infer::mcmc {

class HMC : public HamiltonianKernel {
public:
  HMC(const Potential& potential, KernelConfig config);

  // The leapfrog steps a transition takes at the current nominal step size.
  int64_t num_steps() const;

protected:
  SamplerStats transition(double step_size, RandomSource& random) override;

private:
  PhasePoint proposal_;
  std::vector<double> scratch_;
};

} // namespace kiln::infer::mcmc
