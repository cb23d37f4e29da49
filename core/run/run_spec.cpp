#include "core/run/run_spec.h"

#include <memory>

#include <nlohmann/json.hpp>

#include "core/infer/model_density.h"
#include "core/io/data_file.h"
#include "core/lang/diagnostic.h"
#include "core/lang/model_file.h"
#include "core/lang/source.h"
#include "core/run/run_recorder.h"
#include "core/run/run_start.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::run {

namespace {

lang::DataMap parse_dataset(const RunSpec& spec) {
  const std::string& name = spec.dataset_name.empty() ? "the dataset" : spec.dataset_name;
  if (spec.dataset_format == "csv")
    return io::data_from_csv(spec.dataset_content, name);
  if (spec.dataset_format != "json")
    throw Error(name + ": unknown data format '" + spec.dataset_format + "'; expected json or csv");
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(spec.dataset_content);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(name + ": not valid JSON (" + e.what() + ")");
  }
  return lang::values_from_json(object, name);
}

struct Prepared {
  std::unique_ptr<lang::ModelFile> file;
  std::string diagnostics; // the file's errors, framed with their lines and carets
  lang::DataMap data;
  std::string data_error; // why the dataset could not be read
};

Prepared prepare(const RunSpec& spec) {
  Prepared prepared;
  lang::DiagnosticSink sink;
  prepared.file = std::make_unique<lang::ModelFile>(
      lang::Source(spec.model_name + ".py", spec.model_source), sink);
  if (!prepared.file->ok())
    prepared.diagnostics = lang::format_diagnostics(sink, prepared.file->source());
  if (!spec.dataset_content.empty()) {
    try {
      prepared.data = parse_dataset(spec);
    } catch (const std::exception& e) {
      prepared.data_error = e.what();
    }
  }
  return prepared;
}

// Whether the run was cancelled.
bool run_mcmc_spec(const RunSpec& spec, const infer::ModelDensity& density, RunRecorder& recorder,
                   const RunEvents& events, const std::atomic<bool>* cancel) {
  McmcRunConfig config;
  config.mcmc = spec.mcmc;
  config.mcmc.algorithm =
      spec.algorithm == "hmc" ? infer::mcmc::Algorithm::HMC : infer::mcmc::Algorithm::NUTS;
  config.mcmc.seed = spec.seed;
  config.compile = spec.compile;
  config.cancel = cancel;
  config.callback = [&](const McmcIteration& iteration) {
    recorder.mcmc_iteration(iteration);
    if (events.mcmc_iteration)
      events.mcmc_iteration(iteration);
  };
  const McmcRunResult result = run_mcmc(density, config);
  recorder.mcmc_finished(result);
  return result.mcmc.cancelled;
}

bool run_svi_spec(const RunSpec& spec, const poutine::Model& model, RunRecorder& recorder,
                  const RunEvents& events, const std::atomic<bool>* cancel) {
  SviRunConfig config = spec.svi;
  config.seed = spec.seed;
  config.median_every = 0;
  config.cancel = cancel;
  config.callback = [&](const SviStep& step) {
    recorder.svi_step(step);
    if (events.svi_step)
      events.svi_step(step);
  };
  const SviRunResult result = run_svi(model, config);
  const diagnostics::Summary summary = summarize_draws(result);
  recorder.svi_finished(result, guide_params_json(*result.params),
                        result.draws.empty() ? nullptr : &summary);
  return result.cancelled;
}

} // namespace

const std::vector<std::string>& algorithm_names() {
  static const std::vector<std::string> names{"nuts", "hmc", "svi"};
  return names;
}

RunOutcome execute_run(const RunSpec& spec, const RunEvents& events,
                       const std::atomic<bool>* cancel) {
  RunOutcome outcome;
  std::unique_ptr<RunRecorder> recorder;
  try {
    bool known = false;
    for (const auto& name : algorithm_names())
      known = known || name == spec.algorithm;
    if (!known)
      throw Error("run: unknown algorithm '" + spec.algorithm + "'; expected nuts, hmc or svi");
    // Seeded before the file runs: networks it builds at load time start the same, run after
    // run (as `kiln run`).
    manual_seed(spec.seed);
    const Prepared prepared = prepare(spec);

    RunSubject subject;
    subject.model_name = spec.model_name;
    subject.model_source = spec.model_source;
    subject.function = spec.function;
    subject.file = prepared.file.get();
    subject.data = &prepared.data;
    subject.data_source = spec.dataset_name;
    subject.dataset_name = spec.dataset_content.empty() ? "" : spec.dataset_name;
    subject.dataset_format = spec.dataset_format;
    subject.dataset_content = spec.dataset_content;
    store::RunStart start = run_start(subject);
    if (spec.algorithm == "svi") {
      SviRunConfig svi = spec.svi;
      svi.seed = spec.seed;
      add_svi_settings(start, svi);
    } else {
      infer::mcmc::MCMCConfig mcmc = spec.mcmc;
      mcmc.algorithm =
          spec.algorithm == "hmc" ? infer::mcmc::Algorithm::HMC : infer::mcmc::Algorithm::NUTS;
      mcmc.seed = spec.seed;
      add_mcmc_settings(start, mcmc);
    }
    recorder = std::make_unique<RunRecorder>(spec.project, start, spec.writer);
    outcome.run_id = recorder->run_id();
    if (events.started)
      events.started(outcome.run_id);

    if (!prepared.diagnostics.empty())
      throw Error("the model " + spec.model_name + " has errors:\n" + prepared.diagnostics);
    if (!prepared.data_error.empty())
      throw Error(prepared.data_error);
    std::vector<std::string> unused; // data the model does not take is left aside
    const poutine::Model model =
        prepared.file->bind(prepared.data, spec.dataset_name, spec.function, &unused);
    bool cancelled = false;
    if (spec.algorithm == "svi") {
      cancelled = run_svi_spec(spec, model, *recorder, events, cancel);
    } else {
      const infer::ModelDensity density(model);
      cancelled = run_mcmc_spec(spec, density, *recorder, events, cancel);
    }
    outcome.status = cancelled ? store::RunStatus::Cancelled : store::RunStatus::Completed;
  } catch (const std::exception& e) {
    outcome.status = store::RunStatus::Failed;
    outcome.error = e.what();
    if (recorder) {
      try {
        recorder->failed(outcome.error);
      } catch (const std::exception& e2) {
        outcome.error +=
            std::string("\n(and the run could not be marked failed: ") + e2.what() + ")";
      }
    }
  }
  return outcome;
}

} // namespace kiln::run
