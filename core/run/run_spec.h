#pragma once
// A whole run from text to project, as the workbench starts one: the model's source and the
// dataset's content as the editor and the project hold them, the algorithm with its settings,
// and the project the run is stored in as it goes (store::RunWriter, so a reader can follow
// it). Every outcome is a status: errors of the model, the data or the run end it as failed
// with the message, stored with the run; nothing is thrown. `kiln run` reads files and prints
// as it goes, so it calls run_mcmc / run_svi and RunRecorder itself.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "core/infer/mcmc/mcmc_config.h"
#include "core/run/mcmc_run.h"
#include "core/run/svi_run.h"
#include "core/store/run_layout.h"
#include "core/store/run_writer.h"

namespace kiln::run {

struct RunSpec {
  std::string project;      // the .kiln file (made when missing)
  std::string model_name;   // "eight_schools": names the model's versions
  std::string model_source; // the model file's text
  std::string function = "model";
  // The data, as stored in the project; none when the content is empty.
  std::string dataset_name;   // "eight_schools.json"
  std::string dataset_format; // "json" or "csv"
  std::string dataset_content;
  std::string algorithm = "nuts"; // "nuts", "hmc" or "svi"
  // MCMC's settings (its algorithm and seed are set from this spec's).
  infer::mcmc::MCMCConfig mcmc = default_mcmc_config();
  bool compile = true;
  // SVI's settings (its seed is set from this spec's; a guide of the user's is not offered).
  SviRunConfig svi;
  uint64_t seed = 1;
  store::WriterOptions writer;
};

// Called on the thread that executes the run; the iteration callbacks from the chains' threads.
struct RunEvents {
  std::function<void(int64_t run_id)> started; // once the run's row is committed
  std::function<void(const McmcIteration&)> mcmc_iteration;
  std::function<void(const SviStep&)> svi_step;
};

struct RunOutcome {
  int64_t run_id = 0; // 0 when the project could not take the run at all
  store::RunStatus status = store::RunStatus::Failed;
  std::string error; // a failed run's message: where and what
};

// The names execute_run accepts as the algorithm.
const std::vector<std::string>& algorithm_names();

// Runs `spec` on the calling thread until done, failed or `cancel` is set (what was drawn or
// fitted is kept, and the run is cancelled). Never throws.
RunOutcome execute_run(const RunSpec& spec, const RunEvents& events,
                       const std::atomic<bool>* cancel);

} // namespace kiln::run
