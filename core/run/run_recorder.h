#pragma once
// A run's record of itself in a project, for MCMC and SVI alike, fed from the run's callbacks:
// the run's row first (status running), then every MCMC iteration's draw and statistics as
// they come (warmup and kept sampling draws) or every SVI step's loss, and at the end what the
// run left (chain adaptation and timings, or the guide's draws and parameters), the summary and
// the status: completed, cancelled, or failed with its message. The writing is store::RunWriter's
// (buffered, committed on its own thread), so the sampler's threads never wait for the disk.
#include <cstdint>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "core/diagnostics/summary.h"
#include "core/infer/mcmc/mcmc_config.h"
#include "core/run/mcmc_run.h"
#include "core/run/svi_run.h"
#include "core/store/run_writer.h"

namespace kiln::poutine {
class ParamStore;
}

namespace kiln::run {

// The settings an MCMC run is stored with (algorithm, config, seed, chains) added to `start`.
void add_mcmc_settings(store::RunStart& start, const infer::mcmc::MCMCConfig& config);
// The settings an SVI run is stored with; `guide` as the config names it.
void add_svi_settings(store::RunStart& start, const SviRunConfig& config);

// The fitted parameters in ParamStore::save's format; also written to `keep_path` when given
// (through a scratch file otherwise, removed after).
nlohmann::json guide_params_json(const poutine::ParamStore& params,
                                 const std::string& keep_path = {});

class RunRecorder {
public:
  // Stores the run's row in `project` (made when missing); a kiln::Error when it cannot.
  RunRecorder(const std::string& project, const store::RunStart& start,
              store::WriterOptions options = {});

  int64_t run_id() const { return writer_.run_id(); }
  const std::string& project() const { return writer_.project_path(); }

  // From run_mcmc's callback, on any chain's thread: the first call lays the run out.
  void mcmc_iteration(const McmcIteration& iteration);
  void mcmc_finished(const McmcRunResult& result);

  // From run_svi's callback: the loss as the metric "loss".
  void svi_step(const SviStep& step);
  // The guide's draws as one chain of sampling draws, its parameters, the summary (when given).
  void svi_finished(const SviRunResult& result, const nlohmann::json& guide_params,
                    const diagnostics::Summary* summary);

  // The run ended by an error: failed, with the message kept for whoever reads the run.
  void failed(const std::string& message);

private:
  store::RunWriter writer_;
  std::once_flag layout_once_;
  store::RunLayout layout_;
};

} // namespace kiln::run
