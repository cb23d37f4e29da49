#pragma once
// `kiln prior MODEL.py --data D --draws N --seed S --out DIR`: prior predictive draws, written
// to DIR/prior.csv in CmdStan's layout.

#include "app/kiln/command.h"

namespace kiln::cli {

Command prior_command();

} // namespace kiln::cli
