#include "app/kiln/export_command.h"

#include <filesystem>
#include <fstream>
#include <functional>

#include "app/kiln/project_option.h"
#include "app/kiln/runs_command.h"
#include "core/diagnostics/summary_format.h"
#include "core/io/cmdstan_csv.h"
#include "core/store/mcmc_record.h"
#include "core/store/run_export.h"
#include "core/store/run_reader.h"
#include "core/util/error.h"

namespace kiln::cli {

namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& path, const std::function<void(std::ostream&)>& fill) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file)
    throw Error("cannot write '" + path.string() + "'");
  fill(file);
  file.close();
  if (!file)
    throw Error("cannot write '" + path.string() + "'");
}

int run_export(const ParsedOptions& options, std::ostream& out, std::ostream&) {
  const int64_t id = parse_run_id(options.positional()[0], "export");
  if (!options.has("format"))
    throw UsageError("kiln export: --format is required (cmdstan-csv, json, summary-csv or "
                     "long-csv)");
  const std::string format =
      options.get_choice("format", {"cmdstan-csv", "json", "summary-csv", "long-csv"}, "");
  if (!options.has("out"))
    throw UsageError("kiln export: --out DIR is required");
  store::RunReader reader(project_path(options));
  const store::RunInfo run = reader.run(id);
  const fs::path dir = options.get("out");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw Error("cannot make the folder '" + dir.string() + "' (" + ec.message() + ")");

  std::vector<std::string> written;
  if (format == "cmdstan-csv") {
    infer::mcmc::MCMCConfig config;
    const infer::mcmc::MCMCResult result = store::stored_mcmc_result(reader, id, config);
    // Named as `kiln run` names it: the model file's stem.
    const io::CmdStanSource source{
        fs::path(run.config.value("model_file", run.model_name)).stem().string(),
        run.config.value("data_file", "")};
    for (size_t c = 0; c < result.chains.size(); ++c) {
      const std::string name = "chain_" + std::to_string(c + 1) + ".csv";
      write_file(dir / name, [&](std::ostream& file) {
        io::write_cmdstan_csv(file, source, config, result, static_cast<int64_t>(c));
      });
      written.push_back(name);
    }
  } else if (format == "json") {
    write_file(dir / "posterior.json",
               [&](std::ostream& file) { store::write_arviz_json(file, reader, id); });
    written.push_back("posterior.json");
  } else if (format == "summary-csv") {
    const diagnostics::Summary summary = store::run_summary(reader, id);
    write_file(dir / "summary.csv",
               [&](std::ostream& file) { file << diagnostics::format_summary_csv(summary); });
    written.push_back("summary.csv");
  } else {
    write_file(dir / "draws.csv",
               [&](std::ostream& file) { store::write_long_csv(file, reader, id); });
    written.push_back("draws.csv");
  }
  out << "wrote";
  for (const auto& name : written)
    out << " " << name;
  out << " to " << dir.string() << "\n";
  return 0;
}

} // namespace

Command export_command() {
  return {{"export",
           {"RUN"},
           "write a stored run as CmdStan CSV, ArviZ JSON, summary or long CSV",
           "Writes run RUN of the project to DIR in one of four forms:\n"
           "  cmdstan-csv  chain_1.csv ... as CmdStan writes them (ArviZ's from_cmdstan,\n"
           "               `posterior` and `bayesplot` read them)\n"
           "  json         posterior.json with the posterior, sample_stats and observed_data\n"
           "               groups as lists [chain][draw][...]: az.from_dict(**json.load(f))\n"
           "  summary-csv  summary.csv, the summary table (pandas.read_csv(f, index_col=0))\n"
           "  long-csv     draws.csv: chain, draw, then every parameter, one row per draw",
           {{"format", "F", "cmdstan-csv, json, summary-csv or long-csv (required)"},
            {"out", "DIR", "the folder to write to; made if missing (required)"},
            project_option()}},
          run_export};
}

} // namespace kiln::cli
