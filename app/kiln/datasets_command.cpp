#include "app/kiln/datasets_command.h"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "app/kiln/project_option.h"
#include "core/io/data_file.h"
#include "core/store/catalog.h"
#include "core/store/project_file.h"
#include "core/store/sqlite.h"

namespace kiln::cli {

namespace {

namespace fs = std::filesystem;

int run_import(const ParsedOptions& options, std::ostream& out, std::ostream&) {
  const std::string file = options.positional()[0];
  // Reading it as a model would: a malformed file is refused before the project is touched.
  io::load_data(file);
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  const std::string name = options.get("name", fs::path(file).filename().string());
  const std::string path = project_path(options);
  auto db = store::open_project(path, store::Access::Write);
  store::Transaction t(*db);
  const int64_t id = store::ensure_dataset(*db, name, fs::path(file).extension().string().substr(1),
                                           content.str());
  t.commit();
  out << "dataset " << id << " (" << name << ") in " << path << "\n";
  return 0;
}

int run_list(const ParsedOptions& options, std::ostream& out, std::ostream&) {
  const std::string path = project_path(options);
  auto db = store::open_project(path, store::Access::Read);
  const auto datasets = store::list_datasets(*db);
  if (datasets.empty()) {
    out << "no datasets in " << path << "\n";
    return 0;
  }
  out << std::left << std::setw(5) << "id" << std::setw(24) << "name" << std::setw(8) << "format"
      << std::setw(10) << "bytes" << std::setw(15) << "sha256"
      << "added\n";
  for (const auto& d : datasets)
    out << std::left << std::setw(5) << d.id << std::setw(24) << d.name << std::setw(8) << d.format
        << std::setw(10) << d.bytes << std::setw(15) << d.content_hash.substr(0, 12) << d.created_at
        << "\n";
  return 0;
}

} // namespace

Command datasets_import_command() {
  return {{"datasets import",
           {"FILE"},
           "add a data file (.json or .csv) to a project",
           "Checks FILE as --data reads it, then stores its content in the project under its\n"
           "file name (or --name). The same content under the same name is stored once.",
           {{"name", "NAME", "the dataset's name (default: the file name)"}, project_option()}},
          run_import};
}

Command datasets_list_command() {
  return {{"datasets list",
           {},
           "the datasets a project keeps",
           "Lists every dataset in the project: id, name, format, size, the start of its\n"
           "SHA-256 and when it was added.",
           {project_option()}},
          run_list};
}

} // namespace kiln::cli
