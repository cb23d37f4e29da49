#pragma once
// The parser: tokens to a Module. A Pratt parser for expressions (a table maps each token to its
// prefix rule, infix rule and precedence) under a recursive-descent parser for statements. It
// never prints and never throws: mistakes go to the sink, one message per mistake, and after one
// it resynchronises at the next statement so that a single pass reports every syntax error.

#include "core/lang/ast.h"
#include "core/lang/diagnostic.h"
#include "core/lang/source.h"

namespace kiln::lang {

// How deeply expressions and blocks may nest (brackets, operators, elif chains, blocks) before
// the parser reports an error instead of recursing further.
constexpr int max_nesting_depth = 200;

struct ParseResult {
  Module module;   // every statement that parsed without error
  bool ok = false; // no error was reported
};

ParseResult parse(const Source& source, DiagnosticSink& sink);

// One expression (or a bare tuple), the whole source: how the graph editor reads an edited
// argument. Null when an error was reported.
ExprPtr parse_expression(const Source& source, DiagnosticSink& sink);

} // namespace kiln::lang
