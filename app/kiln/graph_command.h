#pragma once
// `kiln graph MODEL.py [--data D] [--model NAME] [--format json|dot] [--traced]`: the model
// graph, as JSON (docs/cli.md has the schema) or Graphviz DOT.

#include "app/kiln/command.h"

namespace kiln::cli {

Command graph_command();

} // namespace kiln::cli
