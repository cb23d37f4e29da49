#pragma once
// `kiln runs list`, `kiln runs show RUN` and `kiln runs delete RUN`: the runs a project keeps.
// `show` reprints a run's summary (computed from the committed draws for a run that stopped
// before writing one) and, for a run with a "loss" metric (SVI), its curve as a sparkline.

#include "app/kiln/command.h"

namespace kiln::cli {

Command runs_list_command();
Command runs_show_command();
Command runs_delete_command();

// A run id from the command line; a UsageError names `command` when it is not a positive
// integer.
int64_t parse_run_id(const std::string& word, const std::string& command);

} // namespace kiln::cli
