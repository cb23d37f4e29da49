#pragma once
// A stored run in the forms other tools read: ArviZ's from_dict layout as JSON, and one long CSV
// of every chain's draws. (`kiln export` adds CmdStan CSV through mcmc_record.h and
// io/cmdstan_csv.h, and the summary CSV through diagnostics/summary_format.h.)

#include <cstdint>
#include <ostream>

#include "core/diagnostics/summary.h"

namespace kiln::store {

class RunReader;

// {"posterior": {site: [chain][draw][...shape]}, "sample_stats": {lp, acceptance_rate,
// step_size, tree_depth, n_steps, diverging, energy: [chain][draw]}, "observed_data": the
// run's dataset, "attrs": run id, model, algorithm, seed}: az.from_dict(**json.load(f)) reads
// it. Non-finite numbers are the strings "nan", "inf", "-inf".
void write_arviz_json(std::ostream& out, RunReader& reader, int64_t run_id);

// A header "chain,draw," then CmdStan's column names of every site (theta.1 ...), one row per
// kept draw of every chain, chain and draw counted from 1, numbers with 17 significant digits.
void write_long_csv(std::ostream& out, RunReader& reader, int64_t run_id);

// The stored summary, or, for a run that stopped before writing one, the summary of the draws
// it committed (empty when it has none).
diagnostics::Summary run_summary(RunReader& reader, int64_t run_id);

} // namespace kiln::store
