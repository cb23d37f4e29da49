#pragma once
// How an MCMC run is kept in a project: its settings as the run's configuration JSON, its
// draws in the run's layout (latent sites, then deterministic ones; CmdStan's sampler columns
// as statistics), each chain's adaptation and timings as chain notes; and back, an MCMCResult
// rebuilt from a stored run, for the CmdStan CSV export.

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/infer/mcmc/mcmc_config.h"
#include "core/infer/mcmc/mcmc_result.h"
#include "core/store/run_layout.h"

namespace kiln::store {

class RunReader;

// The settings that decide the draws (not the callback, cancel flag or potential).
nlohmann::json mcmc_config_json(const infer::mcmc::MCMCConfig& config);
// Throws kiln::Error naming the field when one is missing or of the wrong kind.
infer::mcmc::MCMCConfig mcmc_config_from_json(const nlohmann::json& json);

// The layout of draws whose sites are `latent` then `deterministic`, shaped as in `draw`.
RunLayout mcmc_layout(const std::vector<std::string>& latent,
                      const std::vector<std::string>& deterministic, const poutine::ValueMap& draw);
// `draw` flattened in `layout`'s order into `out` (resized to the width). Throws kiln::Error
// when a site is missing or changed shape.
void flatten_draw(const RunLayout& layout, const poutine::ValueMap& draw, std::vector<double>& out);
// The statistics row in CmdStan's column order.
std::vector<double> stats_row(const infer::mcmc::SamplerStats& stats);

nlohmann::json chain_info_json(const infer::mcmc::ChainResult& chain);

// The run as run_mcmc returned it, as far as the project holds it: the kept draws, statistics,
// adaptation and timings of every chain (no unconstrained draws). `config` receives its
// settings. Throws kiln::Error when the run is not an MCMC run or has no layout.
infer::mcmc::MCMCResult stored_mcmc_result(RunReader& reader, int64_t run_id,
                                           infer::mcmc::MCMCConfig& config);

} // namespace kiln::store
