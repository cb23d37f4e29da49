#pragma once
// What `kiln run` stores a run as: the model file's name, text and graph and the data file it
// was given (core/run/run_start.h), with the paths in the run's configuration.
#include <string>

#include "app/kiln/model_loading.h"
#include "core/store/run_writer.h"

namespace kiln::cli {

store::RunStart run_start(const std::string& model_path, const LoadedModel& loaded);

} // namespace kiln::cli
