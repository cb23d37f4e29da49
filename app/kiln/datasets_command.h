#pragma once
// `kiln datasets import FILE` and `kiln datasets list`: the data a project keeps. A run stores
// its --data file by itself; import adds one ahead of any run.

#include "app/kiln/command.h"

namespace kiln::cli {

Command datasets_import_command();
Command datasets_list_command();

} // namespace kiln::cli
