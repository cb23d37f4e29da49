#include "ui/document/model_version_graph.h"

#include <nlohmann/json.hpp>

#include "core/lang/build_model_graph.h"

namespace kiln::ui {

std::string model_version_graph(const std::string& name, const std::string& source,
                                const lang::DataMap* data) {
  try {
    lang::DiagnosticSink sink;
    lang::ModelFile file(lang::Source(name + ".py", source), sink);
    if (!file.ok())
      return nlohmann::json{{"error", "the model has errors"}}.dump();
    lang::GraphRequest request;
    request.data = data;
    request.data_source = name;
    return lang::to_json(lang::model_graph(file, request));
  } catch (const std::exception& e) {
    return nlohmann::json{{"error", e.what()}}.dump();
  }
}

} // namespace kiln::ui
