#pragma once
// `kiln run`'s record of itself in the project: the run's row before the first iteration, every
// iteration's draw and statistics as they come (warmup and kept sampling draws), and at the end
// each chain's adaptation, the summary and the status.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/kiln/model_loading.h"
#include "core/diagnostics/summary.h"
#include "core/infer/mcmc/mcmc_config.h"
#include "core/infer/mcmc/mcmc_result.h"
#include "core/infer/model_density.h"
#include "core/store/run_writer.h"

namespace kiln::cli {

// What every stored run of a model file starts with: the model's name, source and graph, and
// the data it saw (the algorithm and its config are the caller's to fill).
store::RunStart run_start(const std::string& model_path, const LoadedModel& loaded);

class RunStorage {
public:
  // Stores the run's row in `project` (made when missing).
  RunStorage(const std::string& project, const std::string& model_path, const LoadedModel& loaded,
             const infer::ModelDensity& density, const infer::mcmc::MCMCConfig& config);

  // A callback that stores each iteration, then calls `next`.
  infer::mcmc::IterationCallback recording(infer::mcmc::IterationCallback next);
  void finish(const infer::mcmc::MCMCResult& result, const diagnostics::Summary* summary);
  // The run failed with `message` (the run's error is kept for `kiln runs show`).
  void fail(const std::string& message);

  int64_t run_id() const { return writer_->run_id(); }
  const std::string& project() const { return writer_->project_path(); }

private:
  void record(const infer::mcmc::IterationInfo& info);

  const infer::ModelDensity& density_;
  int64_t num_warmup_;
  int64_t thin_;
  std::unique_ptr<store::RunWriter> writer_;
  std::once_flag layout_once_;
  store::RunLayout layout_;
};

} // namespace kiln::cli
