#pragma once
// Runs written straight into a project file with store::RunWriter, for the workbench's tests:
// reproducible draws that look like a sampler's (a chain can be made to disagree with the
// others), CmdStan's statistics with divergences where asked, and an SVI run's loss per step.

#include <cstdint>
#include <string>

#include "core/store/run_writer.h"

namespace kiln::test {

struct StoredMcmc {
  int64_t chains = 4;
  int64_t warmup = 50;
  int64_t samples = 200;
  int64_t elements = 3;        // theta's length; sites: mu, theta[elements], det (deterministic)
  double stuck_offset = 0.0;   // added to mu in the last chain: R-hat grows with it
  int64_t divergent_every = 0; // every n-th sampling draw of chain 0 is divergent; 0: none
  uint64_t seed = 1;
};

// The run's start row for a NUTS run of `spec` (its configuration has num_warmup, num_samples).
store::RunStart mcmc_start(const StoredMcmc& spec);
// The layout: mu, theta[elements], det (deterministic, = 2 mu); CmdStan's seven statistics.
store::RunLayout mcmc_layout_of(const StoredMcmc& spec);
// Draw `i` of `chain` in `phase`, into values (layout width) and stats (7).
void mcmc_draw(const StoredMcmc& spec, int64_t chain, store::Phase phase, int64_t i,
               std::vector<double>& values, std::vector<double>& stats);

// Sets the layout and appends every draw of every chain, committed when this returns; the run
// stays running while `writer` lives.
void append_mcmc_draws(store::RunWriter& writer, const StoredMcmc& spec);
// Writes the whole run, completed with its summary as `kiln run` stores it; returns its id.
int64_t write_mcmc_run(const std::string& project, const StoredMcmc& spec);

// An SVI run: `steps` losses 1000 / step + noise (all positive, or shifted down by `shift`),
// then 100 posterior draws of mu; completed with its summary. Returns its id.
int64_t write_svi_run(const std::string& project, int64_t steps, uint64_t seed = 1,
                      double shift = 0.0);
// The loss stored at `step` (1-based) by write_svi_run.
double svi_loss(int64_t step, uint64_t seed, double shift = 0.0);

} // namespace kiln::test
