#pragma once
// The printer: a syntax tree back to tidy source (4-space indents, PEP 8 spacing, the fewest
// parentheses precedence allows, strings in double quotes). Comments are not in the tree and so
// are not printed. Parsing printed source gives an equal tree, and printing is a fixed point:
// print(parse(print(m))) == print(m). The graph editor edits models through this.

#include <string>

#include "core/lang/ast.h"

namespace kiln::lang {

std::string print(const Module& module);
std::string print(const Stmt& stmt, int indent = 0);
std::string print(const Expr& expr);

// A string literal as the printer writes it: "..." (or '...' when that needs fewer escapes),
// """...""" for multi-line text that needs no escapes, b"..." for bytes.
std::string quote_string(const std::string& value, bool bytes);

} // namespace kiln::lang
