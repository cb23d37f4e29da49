#pragma once
// Data files for models: what `--data FILE` reads. The format follows the extension: `.json` is
// an object whose names are the model's arguments (values_from_json).

#include <string>

#include "core/lang/data_binding.h"

namespace kiln::io {

// The values of the data file at `path`. An unreadable file, an unknown extension or a
// malformed file is a kiln::Error that names the file (and the line, where there is one).
lang::DataMap load_data(const std::string& path);

} // namespace kiln::io
