#pragma once
// One chain of an MCMC run, start to end, on the calling thread.

#include <cstdint>
#include <functional>

#include "core/infer/mcmc/mcmc_config.h"
#include "core/infer/mcmc/mcmc_result.h"
#include "core/infer/mcmc/potential.h"
#include "core/infer/model_density.h"

namespace kiln::infer::mcmc {

// Seeds the thread's generator with chain_seed(config.seed, chain), finds the initial point
// with config.init_strategy, sets up the kernel and runs warmup then sampling, recording every
// kept draw (constrained latent sites and deterministic sites) and calling config.callback
// after each iteration. Checks `stopped` before each iteration and returns what it has when it
// answers true.
ChainResult run_chain(const ModelDensity& density, const Potential& potential,
                      const MCMCConfig& config, int64_t chain,
                      const std::function<bool()>& stopped);

} // namespace kiln::infer::mcmc
