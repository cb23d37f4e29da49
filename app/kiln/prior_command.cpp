#include "app/kiln/prior_command.h"

#include <filesystem>
#include <fstream>
#include <optional>

#include "app/kiln/model_loading.h"
#include "core/io/draws_csv.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/handlers/uncondition.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::cli {

namespace {

bool recorded(const poutine::Site& site) {
  return site.type == poutine::SiteType::Sample || site.type == poutine::SiteType::Deterministic;
}

int run_prior(const ParsedOptions& options, std::ostream& out, std::ostream& err) {
  if (!options.has("out"))
    throw UsageError("kiln prior: --out DIR is required");
  const int64_t draws = options.get_int("draws", 1000, 1);
  // Seeded before the file runs, so that networks built at load time are the same too.
  manual_seed(static_cast<uint64_t>(options.get_int("seed", 1, 0)));
  auto loaded = load_model(options, err);
  if (!loaded)
    return 1;
  const poutine::Model model = poutine::uncondition(loaded->bind(err));

  const std::filesystem::path dir = options.get("out");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string path = (dir / "prior.csv").string();
  // Written beside and renamed at the end, so that a failed run leaves no partial prior.csv.
  const std::string partial = path + ".partial";
  std::ofstream file(partial, std::ios::binary | std::ios::trunc);
  if (ec || !file)
    throw Error("cannot write '" + path + "'" + (ec ? " (" + ec.message() + ")" : ""));

  std::optional<io::DrawsColumns> columns;
  for (int64_t i = 0; i < draws; ++i) {
    const poutine::Trace trace = poutine::get_trace(model);
    poutine::ValueMap draw;
    std::vector<std::string> order;
    for (const auto& site : trace.sites())
      if (recorded(site)) {
        draw[site.name] = site.value;
        order.push_back(site.name);
      }
    if (!columns) {
      columns.emplace(order, draw);
      io::write_csv_line(file, columns->names());
    }
    try {
      io::write_csv_line(file, columns->row(draw));
    } catch (const Error& e) {
      file.close();
      std::filesystem::remove(partial, ec);
      throw Error("draw " + std::to_string(i + 1) + ": " + e.what());
    }
  }
  file.close();
  std::filesystem::rename(partial, path, ec);
  if (!file || ec)
    throw Error("cannot write '" + path + "'");
  out << "wrote " << draws << " draws of " << columns->names().size() << " columns to " << path
      << "\n";
  return 0;
}

} // namespace

Command prior_command() {
  return {{"prior",
           {"MODEL.py"},
           "prior predictive draws to DIR/prior.csv",
           "Runs the model N times with observed sites drawn too (poutine.uncondition) and\n"
           "writes every sample and deterministic site of each run as a row of DIR/prior.csv:\n"
           "one column per entry, named as CmdStan names them (theta.1, x.1.2; multi-index\n"
           "names in column-major order), 17 significant digits. The same seed gives the same\n"
           "file.",
           {data_option(),
            model_option(),
            {"draws", "N", "number of draws (default 1000)"},
            {"seed", "S", "random seed (default 1)"},
            {"out", "DIR", "the folder to write prior.csv in; made if missing (required)"}}},
          run_prior};
}

} // namespace kiln::cli
