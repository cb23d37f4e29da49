#pragma once
// What `kiln run` warns about after sampling, in plain words with what to try: R-hat above
// 1.01, bulk or tail ESS below 100 per chain, divergent transitions, E-BFMI below 0.3, and
// trajectories cut at the maximum tree depth (the checks of Stan's diagnose and of Vehtari et
// al. 2021, "Rank-normalization, folding, and localization").

#include <string>
#include <vector>

#include "core/diagnostics/summary.h"
#include "core/infer/mcmc/mcmc_config.h"
#include "core/infer/mcmc/mcmc_result.h"

namespace kiln::cli {

// R-hat above this says the chains disagree.
constexpr double kMaxRhat = 1.01;
// ESS below this many per chain makes the summary's means and intervals unreliable.
constexpr double kMinEssPerChain = 100.0;

// One sentence per problem found; empty when there is none. `summary` is the run's summary.
std::vector<std::string> run_warnings(const infer::mcmc::MCMCResult& result,
                                      const diagnostics::Summary& summary,
                                      const infer::mcmc::MCMCConfig& config);

} // namespace kiln::cli
