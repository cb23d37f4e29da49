#pragma once
// --project FILE, which every command that stores or reads runs takes, and the default project
// it falls back to: $XDG_DATA_HOME/kiln/default.kiln (~/.local/share/kiln/default.kiln when
// XDG_DATA_HOME is unset), so that every run is kept somewhere.

#include <string>

#include "app/kiln/options.h"

namespace kiln::cli {

Option project_option();

// --project, or the default project. Throws kiln::Error when neither XDG_DATA_HOME nor HOME is
// set.
std::string project_path(const ParsedOptions& options);

} // namespace kiln::cli
