#pragma once
// Adding context to an error on its way out: the site a model failed at, the table of shapes.
// The error keeps its kind (a ShapeError stays a ShapeError); errors from torch itself become
// kiln errors, so that callers catch one hierarchy.

#include <string>

namespace kiln {

// Call inside a catch block: rethrows the current exception as the same kind of kiln::Error,
// its message wrapped as prefix + message + suffix.
[[noreturn]] void rethrow_with_context(const std::string& prefix, const std::string& suffix);

} // namespace kiln
