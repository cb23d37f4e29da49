#pragma once
// The settings of an MCMC run: which kernel, how many chains of how many iterations, how they
// start, where they run, and what watches them.

#include <atomic>
#include <cstdint>
#include <memory>

#include "core/infer/initialization.h"
#include "core/infer/mcmc/iteration_info.h"
#include "core/infer/mcmc/kernel_config.h"
#include "core/infer/mcmc/potential.h"

namespace kiln::infer::mcmc {

enum class Algorithm { NUTS, HMC };

// Parallel: chains on worker threads at once. Sequential: one worker thread runs them one
// after another. Either way a chain's draws depend only on the seed and its index.
enum class ChainMethod { Parallel, Sequential };

struct MCMCConfig {
  Algorithm algorithm = Algorithm::NUTS;
  KernelConfig kernel;

  int64_t num_chains = 4;
  int64_t num_warmup = 1000;
  // Sampling iterations per chain; every `thin`-th is kept (the first, then every thin-th
  // after it, as CmdStan), so ceil(num_samples / thin) draws per chain.
  int64_t num_samples = 1000;
  int64_t thin = 1;

  // Chain c seeds its thread's generator with chain_seed(seed, c) before it initializes.
  uint64_t seed = 0;
  ChainMethod chain_method = ChainMethod::Parallel;
  // Worker threads for parallel chains; 0: as many as chains, capped by the hardware's cores.
  int64_t num_threads = 0;

  InitFn init_strategy = init_to_uniform();

  IterationCallback callback;
  // Checked before each iteration: once true, every chain stops and the run returns what was
  // drawn so far. Must outlive the run.
  const std::atomic<bool>* cancel = nullptr;

  // The potential the kernels move on; null: the model density's own (ModelPotential). A
  // compiled tier plugs in here; it must have the density's dimension and coordinates.
  std::shared_ptr<const Potential> potential;
};

// The seed of chain `chain` of a run seeded with `seed` (a SplitMix64 mix of both), so chains
// draw from streams that are independent and do not depend on which thread runs them.
uint64_t chain_seed(uint64_t seed, int64_t chain);

} // namespace kiln::infer::mcmc
