#pragma once
// The model checker: a static pass over a parsed module that reports, before anything runs,
// what would fail when the model runs, with spans and suggestions:
// - names that are not defined, resolved with Python's scoping (locals, closures, module
//   globals, Python's builtins), with "did you mean";
// - imports of modules Kiln does not provide, and attributes its modules lack (dist.Normall);
// - calls whose arguments the callee cannot take, for callees known statically: distribution
//   families, builtins with a Signature, and defs of the same file that are not reassigned.
// And warnings, few and without false alarms: a literal site name sampled twice in one function
// outside loops, a module-level name read before it is assigned, extra positional arguments to
// pyro.sample (an observation passed without obs=), a plate or a distribution built by a
// statement and dropped.

#include "core/lang/ast.h"
#include "core/lang/diagnostic.h"
#include "core/lang/source.h"

namespace kiln::lang {

// Annotations are not checked: Kiln does not evaluate them.
void check_module(const Module& module, const Source& source, DiagnosticSink& sink);

} // namespace kiln::lang
