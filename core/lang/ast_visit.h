#pragma once
// Every expression of a tree, in source order, each with the expression it is part of: for
// passes that scan a whole module (which functions reach a site, which are used as values)
// without caring about statements.

#include <functional>

#include "core/lang/ast.h"

namespace kiln::lang {

// `parent` is null for an expression directly under a statement.
using ExprVisitor = std::function<void(const Expr& e, const Expr* parent)>;

// `e` and the expressions inside it (lambda bodies and defaults, comprehension parts too).
void visit(const Expr& e, const Expr* parent, const ExprVisitor& f);
// The expressions of every statement of `block`, nested blocks and function bodies included.
void visit(const Block& block, const ExprVisitor& f);

} // namespace kiln::lang
