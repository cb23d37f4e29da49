#include "app/kiln/run_command.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "app/kiln/model_loading.h"
#include "app/kiln/project_option.h"
#include "app/kiln/run_output.h"
#include "app/kiln/run_progress.h"
#include "app/kiln/run_subject.h"
#include "app/kiln/run_warnings.h"
#include "app/kiln/sigint_guard.h"
#include "app/kiln/svi_run_command.h"
#include "core/diagnostics/summary.h"
#include "core/diagnostics/summary_format.h"
#include "core/infer/model_density.h"
#include "core/io/cmdstan_csv.h"
#include "core/io/draws_csv.h"
#include "core/run/mcmc_run.h"
#include "core/run/run_recorder.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::cli {

namespace {

using infer::mcmc::MCMCConfig;
using infer::mcmc::MCMCResult;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

MCMCConfig mcmc_config(const ParsedOptions& options, const std::string& algo) {
  // The defaults are core/run's, which the workbench's run panel shows too.
  MCMCConfig config = run::default_mcmc_config();
  config.algorithm = algo == "hmc" ? infer::mcmc::Algorithm::HMC : infer::mcmc::Algorithm::NUTS;
  config.num_chains = options.get_int("chains", config.num_chains, 1);
  config.num_warmup = options.get_int("warmup", config.num_warmup, 0);
  config.num_samples = options.get_int("draws", config.num_samples, 1);
  config.thin = options.get_int("thin", config.thin, 1);
  config.seed =
      static_cast<uint64_t>(options.get_int("seed", static_cast<int64_t>(config.seed), 0));
  config.chain_method =
      options.get_choice("chain-method", {"parallel", "sequential"}, "parallel") == "sequential"
          ? infer::mcmc::ChainMethod::Sequential
          : infer::mcmc::ChainMethod::Parallel;
  const double target = options.get_double("target-accept", config.kernel.target_accept);
  if (!(target > 0.0 && target < 1.0))
    throw UsageError("kiln run: --target-accept must be between 0 and 1 (exclusive), got '" +
                     options.get("target-accept") + "'");
  config.kernel.target_accept = target;
  config.kernel.max_tree_depth = options.get_int("max-tree-depth", config.kernel.max_tree_depth, 1);
  config.kernel.dense_mass = options.has("dense-mass");
  if (options.has("num-steps")) {
    if (config.algorithm != infer::mcmc::Algorithm::HMC)
      throw UsageError("kiln run: --num-steps is for --algo hmc; NUTS chooses its own");
    config.kernel.num_steps = options.get_int("num-steps", 0, 1);
  }
  if (options.has("max-tree-depth") && config.algorithm != infer::mcmc::Algorithm::NUTS)
    throw UsageError("kiln run: --max-tree-depth is for --algo nuts");
  return config;
}

nlohmann::json json_report(const MCMCResult& result, const diagnostics::Summary& summary,
                           const std::vector<std::string>& warnings, double wall_s,
                           double sampling_s, const std::string& potential) {
  nlohmann::json draws = nlohmann::json::array();
  for (const auto& c : result.chains)
    draws.push_back(c.num_draws());
  return {{"wall_s", wall_s},
          {"sampling_s", sampling_s},
          {"chains", result.chains.size()},
          {"draws", draws},
          {"divergences", result.num_divergences()},
          {"cancelled", result.cancelled},
          {"potential", potential},
          {"warnings", warnings},
          {"summary", summary_json(summary)}};
}

int run_run(const ParsedOptions& options, std::ostream& out, std::ostream& err) {
  const Clock::time_point start = Clock::now();
  const std::string algo = options.get_choice("algo", {"nuts", "hmc", "svi"}, "nuts");
  if (algo == "svi")
    return run_svi_command(options, out, err);
  for (const auto& option : svi_options())
    if (options.has(option.name))
      throw UsageError("kiln run: --" + option.name + " is for --algo svi, not --algo " + algo);
  run::McmcRunConfig run_config;
  run_config.mcmc = mcmc_config(options, algo);
  const MCMCConfig& config = run_config.mcmc;
  const bool json = options.has("json");
  // Seeded before the file runs: networks it builds at load time start the same, run after run.
  manual_seed(config.seed);
  auto loaded = load_model(options, err);
  if (!loaded)
    return 1;
  const infer::ModelDensity density(loaded->bind(err));
  if (density.dim() == 0)
    throw Error("kiln run: the model has no latent sample site to draw; nothing to sample");

  std::filesystem::path dir;
  if (options.has("out")) {
    dir = options.get("out");
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
      throw Error("cannot make the folder '" + dir.string() + "' (" + ec.message() + ")");
  }

  const bool terminal = isatty(STDERR_FILENO) == 1;
  RunProgress progress(err, config.num_chains, config.num_warmup, config.num_samples, terminal);
  store::RunStart run_row = run_start(options.positional()[0], *loaded);
  run::add_mcmc_settings(run_row, config);
  // The compiled tier where the model compiles; the interpreter otherwise (it says why). The
  // run's row is stored once the tier is chosen, just before the first iteration.
  std::unique_ptr<run::RunRecorder> recorder;
  run_config.compile = !options.has("no-compile");
  run_config.on_start = [&](const run::McmcStart& chosen) {
    const std::string why = run_config.compile ? chosen.refusal : "--no-compile";
    err << "potential: " << chosen.potential
        << (chosen.potential == "compiled" ? "" : " (" + why + ")") << "\n";
    recorder = std::make_unique<run::RunRecorder>(project_path(options), run_row);
  };
  run_config.callback = [&](const run::McmcIteration& iteration) {
    recorder->mcmc_iteration(iteration);
    progress.update(iteration.info);
  };
  run::McmcRunResult run_result;
  {
    SigintGuard guard;
    run_config.cancel = SigintGuard::interrupted();
    try {
      run_result = run::run_mcmc(density, run_config);
    } catch (const std::exception& e) {
      if (recorder)
        recorder->failed(e.what());
      throw;
    }
  }
  progress.finish();

  const MCMCResult& result = run_result.mcmc;
  const double sampling_s = run_result.sampling_s;
  const std::string& potential = run_result.potential;
  const int64_t shortest = run_result.shortest_chain;
  const diagnostics::Summary& summary = run_result.summary;
  const std::vector<std::string> warnings =
      shortest > 0 ? run_warnings(result, summary, config) : std::vector<std::string>{};

  recorder->mcmc_finished(run_result);

  if (!dir.empty()) {
    const io::CmdStanSource source{std::filesystem::path(options.positional()[0]).stem().string(),
                                   loaded->data_path};
    for (size_t c = 0; c < result.chains.size(); ++c)
      write_file(dir / ("chain_" + std::to_string(c + 1) + ".csv"), [&](std::ostream& file) {
        io::write_cmdstan_csv(file, source, config, result, static_cast<int64_t>(c));
      });
    write_file(dir / "summary.csv",
               [&](std::ostream& file) { file << diagnostics::format_summary_csv(summary); });
  }

  if (result.cancelled)
    err << "interrupted: stopped with " << shortest << " draws in the shortest chain"
        << (dir.empty() ? "" : "; wrote them to " + dir.string()) << "\n";
  if (json) {
    for (const auto& w : warnings)
      err << "warning: " << w << "\n";
    nlohmann::json report =
        json_report(result, summary, warnings, seconds_since(start), sampling_s, potential);
    report["run"] = recorder->run_id();
    report["project"] = recorder->project();
    out << report.dump(2) << "\n";
  } else {
    if (shortest > 0)
      out << diagnostics::format_summary_text(summary);
    else
      out << "no draws to summarize\n";
    for (const auto& w : warnings)
      out << "\nwarning: " << w << "\n";
    if (!dir.empty())
      out << "\nwrote " << result.chains.size() << " chain files and summary.csv to "
          << dir.string() << "\n";
    out << "\nrun " << recorder->run_id() << " stored in " << recorder->project() << "\n";
  }
  return result.cancelled ? 130 : 0;
}

} // namespace

Command run_command() {
  std::vector<Option> options{
      data_option(),
      model_option(),
      {"algo", "nuts|hmc|svi", "the algorithm (default nuts)"},
      {"chains", "N", "number of chains (default 4)"},
      {"warmup", "N", "warmup iterations per chain (default 1000)"},
      {"draws", "N", "sampling iterations per chain (default 1000)"},
      {"thin", "K", "keep every K-th sampling iteration (default 1)"},
      {"seed", "S", "random seed (default 1)"},
      {"target-accept", "P", "the acceptance rate warmup aims at, in (0, 1) (default 0.8)"},
      {"max-tree-depth", "D", "NUTS: the maximum tree depth (default 10)"},
      {"num-steps", "N", "HMC: leapfrog steps per iteration (default: 2 pi / step size)"},
      {"dense-mass", "", "adapt a dense mass matrix instead of a diagonal one"},
      {"chain-method", "parallel|sequential",
       "chains on threads at once, or one after another (default parallel)"},
      {"no-compile", "",
       "evaluate the potential (SVI: the ELBO) with the interpreter and autograd, not the "
       "compiled tier"}};
  for (auto& option : svi_options())
    options.push_back(std::move(option));
  options.push_back({"out", "DIR",
                     "write chain_N.csv (SVI: elbo.csv, guide_params.json, draws.csv) and "
                     "summary.csv to DIR; made if missing"});
  options.push_back(
      {"json", "", "print one JSON object (timings, divergences or loss, summary) instead"});
  options.push_back(project_option());
  return {{"run",
           {"MODEL.py"},
           "MCMC (NUTS or HMC) or SVI: summary, diagnostics, CmdStan CSV files",
           "Draws from the model's posterior with NUTS (or static HMC) with Stan's warmup\n"
           "(step size and mass matrix adaptation), several chains at once. Progress goes to\n"
           "standard error; the summary table (mean, sd, 94% HDI, MCSE, ESS, R-hat, as ArviZ's\n"
           "az.summary) and warnings (R-hat > 1.01, ESS < 100 per chain, divergences, E-BFMI <\n"
           "0.3, maximum tree depth reached) to standard output. --out DIR writes\n"
           "chain_1.csv ... as CmdStan writes them (ArviZ's from_cmdstan reads them) and\n"
           "summary.csv. The same seed gives the same draws, in parallel or in sequence.\n"
           "Ctrl-C stops between iterations and still writes and summarizes what was drawn\n"
           "(exit status 130). Every run is stored, as it runs, in the project file\n"
           "(--project, or the default project): `kiln runs show N` reprints it.\n"
           "The potential and its gradient come from the compiled tier (a recorded\n"
           "program, no per-op dispatch or autograd) where the model compiles, else from\n"
           "the interpreter; standard error (and --json's \"potential\") says which.\n"
           "--algo svi fits a guide (an autoguide, or --guide-file's `guide`) by stochastic\n"
           "variational inference as Pyro's SVI does, then summarizes --posterior-draws draws\n"
           "from it; the loss per step is stored with the run (`kiln runs show` draws it).",
           options},
          run_run};
}

} // namespace kiln::cli
