#pragma once
// A stored dataset's text as the model's data: what `--data FILE` gives for a file of that
// format, so a dataset in the project and the file it came from bind the same values.

#include <string>

#include "core/lang/data_binding.h"

namespace kiln::ui {

// `format` is "json" or "csv"; `source` names the data in errors. Throws kiln::Error.
lang::DataMap dataset_values(const std::string& format, const std::string& content,
                             const std::string& source);

} // namespace kiln::ui
