#include "app/kiln/runs_command.h"

#include <algorithm>
#include <cstdlib>
#include <iomanip>
#include <sstream>

#include "app/kiln/project_option.h"
#include "app/kiln/sparkline.h"
#include "core/diagnostics/summary_format.h"
#include "core/io/draws_csv.h"
#include "core/store/catalog.h"
#include "core/store/project_file.h"
#include "core/store/run_export.h"
#include "core/store/run_reader.h"

namespace kiln::cli {

namespace {

std::string describe_sampling(const store::RunInfo& run) {
  const auto& c = run.config;
  if (run.algorithm == "svi" && c.is_object() && c.contains("steps"))
    return "svi, " + c.value("guide", std::string()) + ", " + c.value("elbo", std::string()) +
           ", " + c.value("optim", std::string()) + ", " + c["steps"].dump() + " steps";
  if (!c.is_object() || !c.contains("num_warmup") || !c.contains("num_samples"))
    return run.algorithm;
  std::ostringstream s;
  s << run.algorithm << ", " << run.num_chains << (run.num_chains == 1 ? " chain, " : " chains, ")
    << c["num_warmup"].dump() << " warmup + " << c["num_samples"].dump() << " draws";
  if (c.value("thin", 1) != 1)
    s << ", thin " << c["thin"].dump();
  return s.str();
}

int run_list(const ParsedOptions& options, std::ostream& out, std::ostream&) {
  store::RunReader reader(project_path(options));
  const auto runs = reader.runs();
  if (runs.empty()) {
    out << "no runs in " << project_path(options) << "\n";
    return 0;
  }
  // The model column fits the longest name.
  size_t model_width = 7;
  for (const auto& r : runs)
    model_width = std::max(model_width, r.model_name.size() + 2);
  const int mw = static_cast<int>(model_width);
  out << std::left << std::setw(5) << "run" << std::setw(13) << "status" << std::setw(mw) << "model"
      << std::setw(6) << "algo" << std::setw(8) << "chains" << std::setw(8) << "draws"
      << std::setw(26) << "started"
      << "data\n";
  for (const auto& r : runs)
    out << std::left << std::setw(5) << r.id << std::setw(13) << r.status << std::setw(mw)
        << r.model_name << std::setw(6) << r.algorithm << std::setw(8) << r.num_chains
        << std::setw(8) << r.num_draws << std::setw(26) << r.started_at
        << (r.dataset_name.empty() ? "-" : r.dataset_name) << "\n";
  return 0;
}

int run_show(const ParsedOptions& options, std::ostream& out, std::ostream&) {
  const int64_t id = parse_run_id(options.positional()[0], "runs show");
  store::RunReader reader(project_path(options));
  const store::RunInfo run = reader.run(id);
  out << "run " << run.id << ": " << run.status << "\n"
      << "model      " << run.model_name << " (sha256 " << run.content_hash.substr(0, 12) << ")\n"
      << "data       " << (run.dataset_name.empty() ? "none" : run.dataset_name) << "\n"
      << "algorithm  " << describe_sampling(run) << ", seed " << run.seed << "\n"
      << "started    " << run.started_at << "\n";
  if (!run.finished_at.empty())
    out << "finished   " << run.finished_at << "\n";
  out << "kiln       " << run.kiln_version << "\n";
  if (!run.error.empty())
    out << "error      " << run.error << "\n";

  std::vector<double> loss;
  for (const auto& m : reader.metrics(id))
    if (m.name == "loss")
      loss.push_back(m.value);
  if (!loss.empty())
    out << "\nloss (" << loss.size() << " steps, " << io::format_double(loss.front()) << " -> "
        << io::format_double(loss.back()) << ")\n"
        << sparkline(loss) << "\n";

  const diagnostics::Summary summary = store::run_summary(reader, id);
  if (!summary.rows.empty())
    out << "\n" << diagnostics::format_summary_text(summary);
  else if (loss.empty())
    out << "\nno draws to summarize\n";
  return 0;
}

int run_delete(const ParsedOptions& options, std::ostream& out, std::ostream&) {
  const int64_t id = parse_run_id(options.positional()[0], "runs delete");
  const std::string path = project_path(options);
  auto db = store::open_project(path, store::Access::Write);
  store::delete_run(*db, id);
  out << "deleted run " << id << " from " << path << "\n";
  return 0;
}

} // namespace

int64_t parse_run_id(const std::string& word, const std::string& command) {
  char* end = nullptr;
  const long long id = std::strtoll(word.c_str(), &end, 10);
  if (word.empty() || *end != '\0' || id < 1)
    throw UsageError("kiln " + command + ": RUN must be a run number (see kiln runs list), got '" +
                     word + "'");
  return id;
}

Command runs_list_command() {
  return {{"runs list",
           {},
           "the runs a project keeps: status, model, draws",
           "Lists every run in the project, oldest first: its number, status (running,\n"
           "completed, failed, cancelled, or interrupted when the process writing it died),\n"
           "model, algorithm, chains, the sampling draws committed, when it started and its\n"
           "data.",
           {project_option()}},
          run_list};
}

Command runs_show_command() {
  return {{"runs show",
           {"RUN"},
           "a stored run: settings, status and summary",
           "Prints a run's model, data, settings and status, and its summary table (for a run\n"
           "that stopped early, the summary of the draws it committed). A run with a \"loss\"\n"
           "metric (SVI) shows its curve as a sparkline.",
           {project_option()}},
          run_show};
}

Command runs_delete_command() {
  return {{"runs delete",
           {"RUN"},
           "remove a run and everything it produced",
           "Removes the run, its draws, statistics, metrics and summary from the project. A run\n"
           "still being written cannot be deleted.",
           {project_option()}},
          run_delete};
}

} // namespace kiln::cli
