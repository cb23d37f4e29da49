#pragma once
// One MCMC run from a model's density to a summary, as `kiln run --algo nuts|hmc` and the
// workbench run it: the potential chosen (the compiled tier where the model compiles, else the
// interpreter), the chains with a callback per iteration that carries the progress a display
// needs, and the summary of the kept draws. No I/O and no globals: a worker thread can run it
// while another thread watches the callbacks, and a cancel flag stops it keeping what was drawn.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostics/summary.h"
#include "core/infer/mcmc/mcmc_config.h"
#include "core/infer/mcmc/mcmc_result.h"

namespace kiln::infer {
class ModelDensity;
}

namespace kiln::run {

// What the run settled on before its first iteration.
struct McmcStart {
  std::string potential; // "compiled" or "interpreted"
  std::string refusal;   // why not compiled; empty when compiled
  // The sites each draw holds, in the model's order: what a store lays a draw out by.
  const std::vector<std::string>& latent_sites;
  const std::vector<std::string>& deterministic_sites;
};

// After each iteration of a chain: what the runner reports (statistics, the draw on demand) and
// the chain's progress so far.
struct McmcIteration {
  const infer::mcmc::IterationInfo& info;
  int64_t total = 0; // iterations the chain runs: warmup + sampling
  bool warmup = true;
  // A sampling iteration the runner keeps (thin): the draws a result and a store hold.
  bool kept = false;
  int64_t divergences = 0; // the chain's divergent iterations so far, warmup included
  const std::vector<std::string>& latent_sites;
  const std::vector<std::string>& deterministic_sites;
};

struct McmcRunConfig {
  // The sampler's settings; its callback and cancel flag are run_mcmc's own (use those below),
  // and its potential, when set, is used as given.
  infer::mcmc::MCMCConfig mcmc;
  // Try the compiled tier (the interpreter when the model does not compile).
  bool compile = true;
  // Once, on the calling thread, when the potential is chosen.
  std::function<void(const McmcStart&)> on_start;
  // After every iteration, from the chains' threads (several at once: synchronize).
  std::function<void(const McmcIteration&)> callback;
  // Checked before each iteration: set, every chain stops and the run keeps what was drawn.
  const std::atomic<bool>* cancel = nullptr;
};

struct McmcRunResult {
  infer::mcmc::MCMCResult mcmc;
  std::string potential; // as McmcStart
  std::string refusal;
  // Kept draws of the shortest chain (a cancelled run's chains may differ), and the summary of
  // the draws cut to it; empty when some chain kept none.
  int64_t shortest_chain = 0;
  diagnostics::Summary summary;
  double sampling_s = 0.0; // wall seconds of run_mcmc's chains, initialization included
};

// The settings `kiln run` and the workbench's run panel start from: MCMCConfig's own (NUTS, 4
// chains of 1000 warmup and 1000 sampling iterations, Stan's kernel defaults), seeded 1.
infer::mcmc::MCMCConfig default_mcmc_config();

// Samples. A model with no latent site to draw, settings out of range and an error in a chain
// (named "MCMC chain N of M: ...") throw kiln::Error with their kind kept.
McmcRunResult run_mcmc(const infer::ModelDensity& density, const McmcRunConfig& config);

// The sites of `result` in the model's order, each [chains, draws, ...shape], chains cut to the
// shortest: what summarize() takes.
std::vector<std::pair<std::string, at::Tensor>>
grouped_sites(const infer::mcmc::MCMCResult& result);

} // namespace kiln::run
