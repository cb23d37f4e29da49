#pragma once
// `kiln models list` and `kiln models show NAME`: the models a project keeps, each version
// told apart by the hash of its source.

#include "app/kiln/command.h"

namespace kiln::cli {

Command models_list_command();
Command models_show_command();

} // namespace kiln::cli
