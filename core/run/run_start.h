#pragma once
// What a stored run begins with, whoever starts it (`kiln run` from files, the workbench from
// its editor's text): the model's name, source and graph, and the data it saw. The algorithm,
// its settings and the seed are the caller's to fill in.
#include <string>

#include "core/lang/data_binding.h"
#include "core/store/run_writer.h"

namespace kiln::lang {
class ModelFile;
}

namespace kiln::run {

struct RunSubject {
  std::string model_name; // model versions are grouped by it
  std::string model_source;
  std::string function = "model";
  // The parsed file, for the graph; null (or a file with errors) stores the graph as an error.
  const lang::ModelFile* file = nullptr;
  // The data bound to the model (may be null), and what names it in errors.
  const lang::DataMap* data = nullptr;
  std::string data_source;
  // The dataset as stored; none when the name is empty.
  std::string dataset_name;
  std::string dataset_format; // "json", "csv"
  std::string dataset_content;
};

// A model the graph pass cannot follow without running still runs: its version keeps why it
// has no graph ({"error": ...}).
store::RunStart run_start(const RunSubject& subject);

} // namespace kiln::run
