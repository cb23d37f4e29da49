#pragma once
// Data files for models: what `--data FILE` reads. The format follows the extension:
// - `.json`: an object whose names are the model's arguments (values_from_json);
// - `.csv`: a header row of names, then one row per record; each column binds to the argument
//   of its name as a 1-D tensor, int64 when every entry is an integer, else float64 (as
//   torch.tensor makes it from the column's list).

#include <string>

#include "core/lang/data_binding.h"

namespace kiln::io {

// The values of the data file at `path`. An unreadable file, an unknown extension or a
// malformed file is a kiln::Error that names the file (and the line and column, where there
// are some).
lang::DataMap load_data(const std::string& path);

// The columns of CSV text (`source` names it in errors: "data.csv:3:5: ...").
lang::DataMap data_from_csv(const std::string& text, const std::string& source);

} // namespace kiln::io
