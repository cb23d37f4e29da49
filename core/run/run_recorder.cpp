#include "core/run/run_recorder.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <ATen/ATen.h>

#include "core/poutine/param_store.h"
#include "core/store/mcmc_record.h"

namespace kiln::run {

namespace {

namespace fs = std::filesystem;

// The draw `i` of every site.
poutine::ValueMap draw_at(const SviRunResult& result, int64_t i) {
  poutine::ValueMap draw;
  for (const auto& [name, value] : result.draws)
    draw[name] = value[i];
  return draw;
}

// A scratch file name no other thread or process of this machine uses at the same time.
fs::path scratch_path() {
  static std::atomic<int64_t> counter{0};
  return fs::temp_directory_path() /
         ("kiln-guide-params-" + std::to_string(getpid()) + "-" +
          std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id())) + "-" +
          std::to_string(counter++) + ".json");
}

} // namespace

void add_mcmc_settings(store::RunStart& start, const infer::mcmc::MCMCConfig& config) {
  start.algorithm = config.algorithm == infer::mcmc::Algorithm::HMC ? "hmc" : "nuts";
  start.config.update(store::mcmc_config_json(config));
  start.seed = config.seed;
  start.num_chains = config.num_chains;
}

void add_svi_settings(store::RunStart& start, const SviRunConfig& config) {
  start.algorithm = "svi";
  start.config.update(nlohmann::json{{"guide", config.guide},
                                     {"elbo", config.elbo},
                                     {"optim", config.optimizer},
                                     {"lr", config.lr},
                                     {"steps", config.steps},
                                     {"particles", config.num_particles},
                                     {"batch_size", config.batch_size},
                                     {"posterior_draws", config.posterior_draws}});
  start.seed = config.seed;
  start.num_chains = 1;
}

nlohmann::json guide_params_json(const poutine::ParamStore& params, const std::string& keep_path) {
  const bool scratch = keep_path.empty();
  const fs::path path = scratch ? scratch_path() : fs::path(keep_path);
  params.save(path.string());
  std::ifstream file(path, std::ios::binary);
  const nlohmann::json json = nlohmann::json::parse(file);
  file.close();
  if (scratch) {
    std::error_code ec;
    fs::remove(path, ec);
  }
  return json;
}

RunRecorder::RunRecorder(const std::string& project, const store::RunStart& start,
                         store::WriterOptions options)
    : writer_(project, start, options) {}

void RunRecorder::mcmc_iteration(const McmcIteration& iteration) {
  if (!iteration.warmup && !iteration.kept)
    return;
  const infer::mcmc::IterationInfo& info = iteration.info;
  std::call_once(layout_once_, [&] {
    layout_ =
        store::mcmc_layout(iteration.latent_sites, iteration.deterministic_sites, info.draw());
    writer_.set_layout(layout_);
  });
  thread_local std::vector<double> values;
  store::flatten_draw(layout_, info.draw(), values);
  const std::vector<double> stats = store::stats_row(info.stats);
  writer_.append(info.chain, iteration.warmup ? store::Phase::Warmup : store::Phase::Sampling,
                 values.data(), stats.data());
}

void RunRecorder::mcmc_finished(const McmcRunResult& result) {
  for (const auto& chain : result.mcmc.chains)
    writer_.set_chain_info(chain.chain, store::chain_info_json(chain));
  if (result.shortest_chain > 0)
    writer_.set_summary(result.summary);
  writer_.finish(result.mcmc.cancelled ? store::RunStatus::Cancelled : store::RunStatus::Completed);
}

void RunRecorder::svi_step(const SviStep& step) {
  writer_.add_metric(step.step, "loss", step.loss);
}

void RunRecorder::svi_finished(const SviRunResult& result, const nlohmann::json& guide_params,
                               const diagnostics::Summary* summary) {
  writer_.set_guide_params(guide_params);
  if (!result.draws.empty()) {
    const int64_t num = result.draws.begin()->second.size(0);
    store::RunLayout layout =
        store::mcmc_layout(result.latent_sites, result.deterministic_sites, draw_at(result, 0));
    layout.stats.clear();
    writer_.set_layout(layout);
    std::vector<double> values;
    for (int64_t i = 0; i < num; ++i) {
      store::flatten_draw(layout, draw_at(result, i), values);
      writer_.append(0, store::Phase::Sampling, values.data(), nullptr);
    }
  }
  if (summary)
    writer_.set_summary(*summary);
  writer_.finish(result.cancelled ? store::RunStatus::Cancelled : store::RunStatus::Completed);
}

void RunRecorder::failed(const std::string& message) {
  writer_.finish(store::RunStatus::Failed, message);
}

} // namespace kiln::run
