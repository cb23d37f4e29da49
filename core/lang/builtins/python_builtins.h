#pragma once
// Python's builtins a model may call: range, len, abs, min, max, sum, round, int, float, bool,
// str, repr, list, tuple, dict, zip, enumerate, reversed, sorted, any, all, map, filter, pow,
// divmod, print. zip, enumerate, reversed, map and filter return lists (Python's lazy iterators
// only ever get iterated or listed in a model).

#include <string>
#include <vector>

#include "core/lang/function.h"

namespace kiln::lang {

NamespacePtr make_python_builtins();

// What print() wrote on this thread, one entry per call (its text and its `end`). Models never
// write to stdout: the command line and the workbench read this log instead.
std::vector<std::string>& print_log();

} // namespace kiln::lang
