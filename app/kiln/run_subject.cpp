#include "app/kiln/run_subject.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/run/run_start.h"
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

} // namespace

store::RunStart run_start(const std::string& model_path, const LoadedModel& loaded) {
  run::RunSubject subject;
  subject.model_name = fs::path(model_path).stem().string();
  if (loaded.function != "model")
    subject.model_name += "." + loaded.function;
  subject.model_source = read_text(model_path);
  subject.function = loaded.function;
  subject.file = loaded.file.get();
  subject.data = &loaded.data;
  subject.data_source = loaded.data_path;
  if (!loaded.data_path.empty()) {
    subject.dataset_name = fs::path(loaded.data_path).filename().string();
    subject.dataset_format = fs::path(loaded.data_path).extension().string().substr(1);
    subject.dataset_content = read_text(loaded.data_path);
  }
  store::RunStart start = run::run_start(subject);
  start.config["model_file"] = model_path;
  start.config["data_file"] = loaded.data_path;
  return start;
}

} // namespace kiln::cli
