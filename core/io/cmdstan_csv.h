#pragma once
// One chain of an MCMC run as the CSV file CmdStan's sampler writes, so that ArviZ's
// from_cmdstan, cmdstanpy's from_csv, `posterior` and `bayesplot` read Kiln's runs: the run's
// settings as CmdStan's comment lines (`# method = sample` ...), the header (Stan's sampler
// columns lp__ ... energy__, then every entry of each latent site, then of each deterministic
// site, which CmdStan would write as generated quantities), the adaptation comments (step size
// and inverse metric), one row per kept draw, and the elapsed times.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "core/infer/mcmc/mcmc_config.h"
#include "core/infer/mcmc/mcmc_result.h"

namespace kiln::io {

// What the config comments name besides the run's settings.
struct CmdStanSource {
  std::string model;     // the model's name: CmdStan writes the program's
  std::string data_file; // empty when the model takes no data
};

// Stan's sampler columns, in CmdStan's order.
const std::vector<std::string>& cmdstan_sampler_columns();

// Writes chain `chain` (0-based; CmdStan's id is chain + 1) of `result`, which `config` ran.
// Numbers have 17 significant digits. The adaptation comments are written only when warmup
// ran, as CmdStan writes them only when adaptation was engaged; a cancelled chain writes the
// draws it has.
void write_cmdstan_csv(std::ostream& out, const CmdStanSource& source,
                       const infer::mcmc::MCMCConfig& config, const infer::mcmc::MCMCResult& result,
                       int64_t chain);

} // namespace kiln::io
