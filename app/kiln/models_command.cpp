#include "app/kiln/models_command.h"

#include <algorithm>
#include <iomanip>

#include "app/kiln/project_option.h"
#include "core/store/catalog.h"
#include "core/store/project_file.h"
#include "core/util/error.h"

namespace kiln::cli {

namespace {

int run_list(const ParsedOptions& options, std::ostream& out, std::ostream&) {
  const std::string path = project_path(options);
  auto db = store::open_project(path, store::Access::Read);
  const auto versions = store::list_model_versions(*db);
  if (versions.empty()) {
    out << "no models in " << path << "\n";
    return 0;
  }
  size_t model_width = 7;
  for (const auto& v : versions)
    model_width = std::max(model_width, v.model_name.size() + 2);
  const int mw = static_cast<int>(model_width);
  out << std::left << std::setw(mw) << "model" << std::setw(10) << "versions" << std::setw(8)
      << "runs"
      << "latest\n";
  for (size_t i = 0; i < versions.size();) {
    size_t j = i;
    int64_t runs = 0;
    for (; j < versions.size() && versions[j].model_name == versions[i].model_name; ++j)
      runs += versions[j].num_runs;
    out << std::left << std::setw(mw) << versions[i].model_name << std::setw(10) << (j - i)
        << std::setw(8) << runs << versions[j - 1].created_at << "\n";
    i = j;
  }
  return 0;
}

int run_show(const ParsedOptions& options, std::ostream& out, std::ostream&) {
  const std::string path = project_path(options);
  const std::string name = options.positional()[0];
  auto db = store::open_project(path, store::Access::Read);
  const auto versions = store::model_versions(*db, name);
  if (versions.empty())
    throw Error("project '" + path + "' has no model '" + name + "' (see kiln models list)");
  out << "model " << name << ": " << versions.size()
      << (versions.size() == 1 ? " version\n" : " versions\n");
  for (size_t i = 0; i < versions.size(); ++i)
    out << "  version " << (i + 1) << "  sha256 " << versions[i].content_hash.substr(0, 12) << "  "
        << versions[i].created_at << "  " << versions[i].num_runs
        << (versions[i].num_runs == 1 ? " run\n" : " runs\n");
  if (options.has("source"))
    out << "\n" << store::model_version_source(*db, versions.back().id);
  return 0;
}

} // namespace

Command models_list_command() {
  return {{"models list",
           {},
           "the models a project keeps, with versions and runs",
           "Lists every model the project's runs used: its name, how many versions (sources\n"
           "with different content), how many runs, and when the latest version came.",
           {project_option()}},
          run_list};
}

Command models_show_command() {
  return {{"models show",
           {"NAME"},
           "a model's versions (and with --source the latest one's source)",
           "Lists the versions of model NAME, oldest first, each with the start of its source's\n"
           "SHA-256, when it was added and how many runs used it.",
           {{"source", "", "also print the latest version's source"}, project_option()}},
          run_show};
}

} // namespace kiln::cli
