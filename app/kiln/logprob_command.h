#pragma once
// `kiln logprob MODEL.py --data D --values V.json [--unconstrained]`: the log joint of the model
// at the values given, site by site, as JSON; with --unconstrained, the potential energy and its
// gradient at a point of the unconstrained space (what HMC moves on).

#include "app/kiln/command.h"

namespace kiln::cli {

Command logprob_command();

} // namespace kiln::cli
