#include "app/kiln/svi_run_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "app/kiln/model_loading.h"
#include "app/kiln/project_option.h"
#include "app/kiln/run_output.h"
#include "app/kiln/run_subject.h"
#include "app/kiln/sigint_guard.h"
#include "app/kiln/svi_progress.h"
#include "core/diagnostics/summary.h"
#include "core/diagnostics/summary_format.h"
#include "core/io/draws_csv.h"
#include "core/io/values_file.h"
#include "core/lang/diagnostic.h"
#include "core/poutine/param_store.h"
#include "core/run/run_recorder.h"
#include "core/run/svi_run.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::cli {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

run::SviRunConfig svi_config(const ParsedOptions& options) {
  for (const auto& name : mcmc_only_options())
    if (options.has(name))
      throw UsageError("kiln run: --" + name + " is for MCMC (--algo nuts or hmc), not --algo svi");
  if (options.has("guide") && options.has("guide-file"))
    throw UsageError("kiln run: give --guide or --guide-file, not both");
  // The defaults are core/run's, which the workbench's run panel shows too.
  run::SviRunConfig config;
  config.guide = options.get_choice("guide", run::autoguide_names(), config.guide);
  config.elbo = options.get_choice("elbo", run::elbo_names(), config.elbo);
  config.optimizer = options.get_choice("optim", run::optimizer_names(), config.optimizer);
  config.lr = options.get_double("lr", config.lr);
  if (!(config.lr > 0.0 && std::isfinite(config.lr)))
    throw UsageError("kiln run: --lr must be a positive number, got '" + options.get("lr") + "'");
  config.steps = options.get_int("steps", config.steps, 1);
  config.num_particles = options.get_int("particles", config.num_particles, 1);
  if (options.has("batch-size"))
    config.batch_size = options.get_int("batch-size", 0, 1);
  config.seed =
      static_cast<uint64_t>(options.get_int("seed", static_cast<int64_t>(config.seed), 0));
  config.posterior_draws = options.get_int("posterior-draws", config.posterior_draws, 1);
  config.compile = !options.has("no-compile");
  if (options.has("init-values"))
    for (const auto& [site, value] : io::load_site_values(options.get("init-values")))
      config.init_values[site] = value.to(at::kDouble);
  return config;
}

// The guide function `guide` of --guide-file, bound to the model's data.
poutine::Model load_guide(const std::string& path, const LoadedModel& loaded, std::ostream& err) {
  lang::DiagnosticSink sink;
  const std::unique_ptr<lang::ModelFile> keep = lang::ModelFile::open(path, sink);
  err << lang::format_diagnostics(sink, keep->source());
  if (!keep->ok())
    throw Error("kiln run: the guide file '" + path + "' has errors (above)");
  // Data the guide does not take is for the model: no warning.
  std::vector<std::string> unused;
  return keep->bind(loaded.data, loaded.data_path, "guide", &unused);
}

// The draw `i` of every site.
poutine::ValueMap draw_at(const run::SviRunResult& result, int64_t i) {
  poutine::ValueMap draw;
  for (const auto& [name, value] : result.draws)
    draw[name] = value[i];
  return draw;
}

void write_draws_csv(const fs::path& path, const run::SviRunResult& result) {
  std::vector<std::string> order = result.latent_sites;
  order.insert(order.end(), result.deterministic_sites.begin(), result.deterministic_sites.end());
  const int64_t num = result.draws.empty() ? 0 : result.draws.begin()->second.size(0);
  write_file(path, [&](std::ostream& file) {
    if (num == 0)
      return;
    const io::DrawsColumns columns(order, draw_at(result, 0));
    io::write_csv_line(file, columns.names());
    for (int64_t i = 0; i < num; ++i)
      io::write_csv_line(file, columns.row(draw_at(result, i)));
  });
}

double final_loss(const std::vector<double>& losses) {
  const size_t n = std::min<size_t>(100, losses.size());
  if (n == 0)
    return std::nan("");
  double sum = 0.0;
  for (size_t i = losses.size() - n; i < losses.size(); ++i)
    sum += losses[i];
  return sum / static_cast<double>(n);
}

} // namespace

std::vector<Option> svi_options() {
  return {{"guide", "NAME",
           "SVI: the autoguide (default AutoNormal; AutoDelta, AutoDiagonalNormal, "
           "AutoMultivariateNormal, AutoLowRankMultivariateNormal, AutoLaplaceApproximation, "
           "AutoDiscreteParallel)"},
          {"guide-file", "GUIDE.py", "SVI: the function `guide` of this file, given the same data"},
          {"elbo", "NAME",
           "SVI: Trace_ELBO (default), TraceMeanField_ELBO, TraceEnum_ELBO, TraceGraph_ELBO"},
          {"optim", "adam|clipped_adam|sgd|adamw", "SVI: the optimizer (default adam)"},
          {"lr", "X", "SVI: the learning rate (default 0.01)"},
          {"steps", "N", "SVI: optimization steps (default 3000)"},
          {"particles", "N", "SVI: particles per ELBO estimate (default 1)"},
          {"batch-size", "B",
           "SVI: minibatch size of every plate that subsamples (default: the model's "
           "subsample_size)"},
          {"posterior-draws", "N", "SVI: draws from the fitted guide (default 1000)"},
          {"init-values", "V.json",
           "SVI: where the autoguide starts, by latent site (a JSON object as for kiln logprob "
           "--values; init_to_value); the other sites start at their prior medians"}};
}

const std::vector<std::string>& mcmc_only_options() {
  static const std::vector<std::string> names{"chains",    "warmup",        "draws",
                                              "thin",      "target-accept", "max-tree-depth",
                                              "num-steps", "chain-method",  "dense-mass"};
  return names;
}

int run_svi_command(const ParsedOptions& options, std::ostream& out, std::ostream& err) {
  const Clock::time_point start = Clock::now();
  run::SviRunConfig config = svi_config(options);
  const bool json = options.has("json");
  // Seeded before the files run: networks they build at load time start the same, run after run.
  manual_seed(config.seed);
  auto loaded = load_model(options, err);
  if (!loaded)
    return 1;
  const poutine::Model model = loaded->bind(err);
  if (options.has("guide-file"))
    config.guide_model = load_guide(options.get("guide-file"), *loaded, err);

  fs::path dir;
  if (options.has("out")) {
    dir = options.get("out");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
      throw Error("cannot make the folder '" + dir.string() + "' (" + ec.message() + ")");
  }

  const std::string& model_path = options.positional()[0];
  store::RunStart run_row = run_start(model_path, *loaded);
  run::add_svi_settings(run_row, config);
  run_row.config["guide"] = options.has("guide-file") ? "guide" : config.guide;
  run_row.config["guide_file"] = options.get("guide-file");
  run::RunRecorder recorder(project_path(options), run_row);

  SviProgress progress(err, config.steps, isatty(STDERR_FILENO) == 1);
  config.callback = [&](const run::SviStep& step) {
    recorder.svi_step(step);
    progress.update(step.step, step.loss);
  };
  config.median_every = 0;
  run::SviRunResult result;
  {
    SigintGuard guard;
    config.cancel = SigintGuard::interrupted();
    try {
      result = run::run_svi(model, config);
    } catch (const std::exception& e) {
      progress.finish();
      recorder.failed(e.what());
      throw;
    }
  }
  progress.finish();
  err << "gradient: " << result.gradient
      << (result.compile_refusal.empty() ? "" : " (" + result.compile_refusal + ")") << "\n";

  const diagnostics::Summary summary = run::summarize_draws(result);
  const nlohmann::json params = run::guide_params_json(
      *result.params, dir.empty() ? std::string() : (dir / "guide_params.json").string());
  recorder.svi_finished(result, params, result.draws.empty() ? nullptr : &summary);

  if (!dir.empty()) {
    write_file(dir / "elbo.csv", [&](std::ostream& file) {
      file << "step,loss\n";
      for (size_t i = 0; i < result.losses.size(); ++i)
        file << i + 1 << "," << io::format_double(result.losses[i]) << "\n";
    });
    write_draws_csv(dir / "draws.csv", result);
    write_file(dir / "summary.csv",
               [&](std::ostream& file) { file << diagnostics::format_summary_csv(summary); });
  }

  const double fit_loss = final_loss(result.losses);
  if (result.cancelled)
    err << "interrupted: stopped after " << result.losses.size() << " steps"
        << (dir.empty() ? "" : "; wrote what was fitted to " + dir.string()) << "\n";
  if (json) {
    const double steps_per_s =
        result.fit_s > 0.0 ? static_cast<double>(result.losses.size()) / result.fit_s : 0.0;
    nlohmann::json report = {
        {"wall_s", std::chrono::duration<double>(Clock::now() - start).count()},
        {"fit_s", result.fit_s},
        {"steps", result.losses.size()},
        {"steps_per_s", steps_per_s},
        {"final_loss", json_number(fit_loss)},
        {"cancelled", result.cancelled},
        {"gradient", result.gradient},
        {"summary", summary_json(summary)},
        {"run", recorder.run_id()},
        {"project", recorder.project()}};
    out << report.dump(2) << "\n";
  } else {
    out << "final loss " << io::format_double(fit_loss) << " (mean of the last "
        << std::min<size_t>(100, result.losses.size()) << " of " << result.losses.size()
        << " steps)\n\n";
    if (result.draws.empty())
      out << "no latent site in the guide to summarize\n";
    else
      out << diagnostics::format_summary_text(summary);
    if (!dir.empty())
      out << "\nwrote elbo.csv, guide_params.json, draws.csv and summary.csv to " << dir.string()
          << "\n";
    out << "\nrun " << recorder.run_id() << " stored in " << recorder.project() << "\n";
  }
  return result.cancelled ? 130 : 0;
}

} // namespace kiln::cli
