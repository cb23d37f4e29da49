#pragma once
// `kiln check MODEL.py [--data D]`: the model's diagnostics; exit status 1 on an error.

#include "app/kiln/command.h"

namespace kiln::cli {

Command check_command();

} // namespace kiln::cli
