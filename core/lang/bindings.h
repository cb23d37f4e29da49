#pragma once
// Where names get bound, by Python's scoping rules: a name bound anywhere in a function's body
// is local to the whole function. The checker builds its scopes from these; each binding keeps
// the statement that made it, so that an import or a def can be followed to what it binds.

#include <map>
#include <string>
#include <vector>

#include "core/lang/ast.h"

namespace kiln::lang {

enum class BindingKind { parameter, assignment, loop_target, with_target, function_def, import };

struct Binding {
  BindingKind kind = BindingKind::assignment;
  Span span;                    // the name where it is bound
  const Stmt* stmt = nullptr;   // the binding statement; null for parameters
  const Alias* alias = nullptr; // the import's alias, for imports
};

// Each name with its bindings in source order.
using Bindings = std::map<std::string, std::vector<Binding>>;

// The names that `body` binds in its own scope: targets of assignments (plain, augmented,
// annotated), for and with targets, defs and imports, also inside nested if/for/while/with
// blocks; not inside nested defs, lambdas or comprehensions, which have scopes of their own.
void collect_bindings(const Block& body, Bindings& out);

// The names an assignment target binds: a name, or the names inside a tuple or list target.
void collect_target_bindings(const Expr& target, BindingKind kind, const Stmt* stmt, Bindings& out);

void collect_parameter_bindings(const std::vector<Parameter>& params, Bindings& out);

} // namespace kiln::lang
