#pragma once
// `kiln run --algo svi`: fits a guide by SVI (core/run/svi_run.h), stores the run in the project
// like the MCMC runs, and writes elbo.csv, guide_params.json, draws.csv and summary.csv.

#include <ostream>
#include <string>
#include <vector>

#include "app/kiln/options.h"

namespace kiln::cli {

// The options only --algo svi takes, and those only MCMC takes: each is a usage error with the
// other algorithm.
std::vector<Option> svi_options();
const std::vector<std::string>& mcmc_only_options();

// Runs `kiln run` when --algo is svi; the exit status (130 after Ctrl-C).
int run_svi_command(const ParsedOptions& options, std::ostream& out, std::ostream& err);

} // namespace kiln::cli
