#pragma once
// A `kiln` subcommand: its options and what it does. main.cpp lists them; each lives in its own
// file (check_command.cpp, ...) and exposes one `Command name_command()`.

#include <functional>
#include <ostream>

#include "app/kiln/options.h"

namespace kiln::cli {

struct Command {
  CommandSpec spec;
  // Returns the exit status: 0 success, 1 an error in the user's model or data (already
  // printed to `err`). A kiln::Error it throws is printed by main with status 1, a UsageError
  // with the usage line and status 2.
  std::function<int(const ParsedOptions& options, std::ostream& out, std::ostream& err)> run;
};

} // namespace kiln::cli
