#pragma once
// The MCMC runner (Pyro's MCMC, Stan's services): several chains of HMC or NUTS on a model's
// density, each on a worker thread with its own seed stream, the draws recorded per site.
//
//   infer::ModelDensity density(model);
//   mcmc::MCMCConfig config;          // NUTS, 4 chains, 1000 warmup + 1000 draws
//   config.seed = 1;
//   mcmc::MCMCResult result = mcmc::run_mcmc(density, config);
//   at::Tensor mu = result.get_samples().at("mu");   // [4000]

#include "core/infer/mcmc/mcmc_config.h"
#include "core/infer/mcmc/mcmc_result.h"
#include "core/infer/model_density.h"

namespace kiln::infer::mcmc {

// Runs config.num_chains chains and returns them in chain order. The same seed gives the same
// draws whatever the thread count or chain method. Settings out of range throw DomainError
// before anything runs; an error in a chain stops the others, and the error of the lowest
// failing chain is rethrown with "MCMC chain N of M: " before its message (a kiln::Error keeps
// its kind). The workers share the caller's param store.
MCMCResult run_mcmc(const ModelDensity& density, const MCMCConfig& config);

} // namespace kiln::infer::mcmc
