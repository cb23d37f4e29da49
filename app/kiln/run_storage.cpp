#include "app/kiln/run_storage.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/lang/build_model_graph.h"
#include "core/lang/model_graph.h"
#include "core/store/mcmc_record.h"
#include "core/util/error.h"

namespace kiln::cli {

namespace {

namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    throw Error("cannot read '" + path + "'");
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The model graph for the workbench; a model too dynamic to trace without its data still runs,
// and its version keeps why it has no graph.
nlohmann::json graph_json(const LoadedModel& loaded) {
  lang::GraphRequest request;
  request.function = loaded.function;
  request.data = &loaded.data;
  request.data_source = loaded.data_path;
  try {
    return nlohmann::json::parse(lang::to_json(lang::model_graph(*loaded.file, request)));
  } catch (const std::exception& e) {
    return {{"error", e.what()}};
  }
}

} // namespace

store::RunStart run_start(const std::string& model_path, const LoadedModel& loaded) {
  store::RunStart start;
  start.model_name = fs::path(model_path).stem().string();
  if (loaded.function != "model")
    start.model_name += "." + loaded.function;
  start.model_source = read_text(model_path);
  start.graph = graph_json(loaded);
  if (!loaded.data_path.empty()) {
    start.dataset_name = fs::path(loaded.data_path).filename().string();
    start.dataset_format = fs::path(loaded.data_path).extension().string().substr(1);
    start.dataset_content = read_text(loaded.data_path);
  }
  start.config["model_file"] = model_path;
  start.config["function"] = loaded.function;
  start.config["data_file"] = loaded.data_path;
  return start;
}

RunStorage::RunStorage(const std::string& project, const std::string& model_path,
                       const LoadedModel& loaded, const infer::ModelDensity& density,
                       const infer::mcmc::MCMCConfig& config)
    : density_(density), num_warmup_(config.num_warmup), thin_(config.thin) {
  store::RunStart start = run_start(model_path, loaded);
  start.algorithm = config.algorithm == infer::mcmc::Algorithm::HMC ? "hmc" : "nuts";
  start.config.update(store::mcmc_config_json(config));
  start.seed = config.seed;
  start.num_chains = config.num_chains;
  writer_ = std::make_unique<store::RunWriter>(project, start);
}

infer::mcmc::IterationCallback RunStorage::recording(infer::mcmc::IterationCallback next) {
  return [this, next](const infer::mcmc::IterationInfo& info) {
    record(info);
    if (next)
      next(info);
  };
}

void RunStorage::record(const infer::mcmc::IterationInfo& info) {
  const bool sampling = info.phase == infer::mcmc::Phase::Sampling;
  // Only the kept sampling iterations: the first, then every thin-th (as the runner keeps them).
  if (sampling && (info.iteration - num_warmup_) % thin_ != 0)
    return;
  std::call_once(layout_once_, [&] {
    layout_ = store::mcmc_layout(
        [&] {
          std::vector<std::string> names;
          for (const auto& site : density_.sites())
            names.push_back(site.name);
          return names;
        }(),
        density_.deterministic_names(), info.draw());
    writer_->set_layout(layout_);
  });
  thread_local std::vector<double> values;
  store::flatten_draw(layout_, info.draw(), values);
  const std::vector<double> stats = store::stats_row(info.stats);
  writer_->append(info.chain, sampling ? store::Phase::Sampling : store::Phase::Warmup,
                  values.data(), stats.data());
}

void RunStorage::finish(const infer::mcmc::MCMCResult& result,
                        const diagnostics::Summary* summary) {
  for (const auto& chain : result.chains)
    writer_->set_chain_info(chain.chain, store::chain_info_json(chain));
  if (summary)
    writer_->set_summary(*summary);
  writer_->finish(result.cancelled ? store::RunStatus::Cancelled : store::RunStatus::Completed);
}

void RunStorage::fail(const std::string& message) {
  writer_->finish(store::RunStatus::Failed, message);
}

} // namespace kiln::cli
