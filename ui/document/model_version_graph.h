#pragma once
// The graph a model version is stored with (model_versions.graph_json), as `kiln run` stores
// it: the model graph's JSON, or {"error": why} for a model that has none yet (errors in the
// code, too dynamic to trace without data), so that a version is saved whatever its state.

#include <string>

#include "core/lang/data_binding.h"

namespace kiln::ui {

// `data` may be null.
std::string model_version_graph(const std::string& name, const std::string& source,
                                const lang::DataMap* data);

} // namespace kiln::ui
