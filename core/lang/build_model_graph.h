#pragma once
// The model graph of a model file: the static graph when the static pass can give it, else the
// graph of one traced run, which says why it fell back. Every consumer (kiln graph, the graph
// editor) starts here.

#include <cstdint>
#include <string>

#include "core/lang/model_file.h"
#include "core/lang/model_graph.h"

namespace kiln::lang {

enum class GraphMode {
  automatic, // static, else traced
  traced,    // traced even when the static pass could give the graph
};

struct GraphRequest {
  std::string function = "model";
  // The model's data (may be null): plate sizes for the static graph, and the arguments of
  // the traced run, which needs them unless the model has no required arguments.
  const DataMap* data = nullptr;
  std::string data_source; // names the data in errors
  GraphMode mode = GraphMode::automatic;
  uint64_t seed = 0; // of the traced run
};

// Throws kiln::Error when the file has errors, lacks the function, or must be traced without
// the data its required arguments need; errors of the traced run propagate.
ModelGraph model_graph(const ModelFile& file, const GraphRequest& request = {});

} // namespace kiln::lang
