#include "core/run/run_start.h"

#include <nlohmann/json.hpp>

#include "core/lang/build_model_graph.h"
#include "core/lang/model_file.h"
#include "core/lang/model_graph.h"

namespace kiln::run {

namespace {

nlohmann::json graph_json(const RunSubject& subject) {
  if (!subject.file || !subject.file->ok())
    return {{"error", "the model file has errors"}};
  lang::GraphRequest request;
  request.function = subject.function;
  request.data = subject.data;
  request.data_source = subject.data_source;
  try {
    return nlohmann::json::parse(lang::to_json(lang::model_graph(*subject.file, request)));
  } catch (const std::exception& e) {
    return {{"error", e.what()}};
  }
}

} // namespace

store::RunStart run_start(const RunSubject& subject) {
  store::RunStart start;
  start.model_name = subject.model_name;
  start.model_source = subject.model_source;
  start.graph = graph_json(subject);
  start.dataset_name = subject.dataset_name;
  start.dataset_format = subject.dataset_format;
  start.dataset_content = subject.dataset_content;
  start.config["function"] = subject.function;
  return start;
}

} // namespace kiln::run
