#pragma once
// What HMC and NUTS share (Pyro's HMC base of NUTS, Stan's base_hmc with its adapt_* layers):
// the chain's current point, the metric, the step size and the warmup adaptation around each
// transition. A kernel belongs to one chain and runs on one thread; the random draws come from
// that thread's generator.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/infer/mcmc/integrator.h"
#include "core/infer/mcmc/kernel_config.h"
#include "core/infer/mcmc/mass_matrix.h"
#include "core/infer/mcmc/potential.h"
#include "core/infer/mcmc/random_source.h"
#include "core/infer/mcmc/sampler_stats.h"
#include "core/infer/mcmc/warmup_adapter.h"

namespace kiln::infer::mcmc {

class HamiltonianKernel {
public:
  // `potential` must outlive the kernel. Throws DomainError for settings out of range.
  HamiltonianKernel(const Potential& potential, KernelConfig config);
  virtual ~HamiltonianKernel();

  // Starts the chain at `position`, where the potential and its gradient must be finite (an
  // Error otherwise), for a run whose first `num_warmup` iterations adapt. With step size
  // adaptation on, searches a reasonable first step size.
  void setup(const std::vector<double>& position, int64_t num_warmup);

  // One iteration: a transition from the current point, then, during warmup, adaptation.
  SamplerStats sample();

  const KernelConfig& config() const { return config_; }
  const std::vector<double>& position() const { return current_.q; }
  double potential_energy() const { return current_.potential; }
  // The nominal step size (before jitter): the adapted one once warmup is over.
  double step_size() const { return step_size_; }
  const MassMatrix& mass_matrix() const { return mass_; }
  // Iterations run since setup.
  int64_t iteration() const { return iteration_; }

protected:
  // Moves current_ by one transition of nominal step `step_size` (jittered already) and
  // reports it. current_.p is free for the transition's use.
  virtual SamplerStats transition(double step_size, RandomSource& random) = 0;

  const Potential& potential_;
  KernelConfig config_;
  MassMatrix mass_;
  PhasePoint current_;

private:
  double step_size_;
  int64_t iteration_ = 0;
  std::unique_ptr<WarmupAdapter> adapter_;
};

} // namespace kiln::infer::mcmc
