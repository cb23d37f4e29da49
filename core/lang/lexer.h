#pragma once
// The lexer: Python's tokens for the Kiln subset, with INDENT/DEDENT/NEWLINE as Python makes them
// (implicit joining inside brackets, backslash continuation, comments and blank lines skipped).

#include <vector>

#include "core/lang/diagnostic.h"
#include "core/lang/source.h"
#include "core/lang/token.h"

namespace kiln::lang {

// The whole token stream: every logical line ends in a newline token, indents and dedents are
// balanced, and the last token is TokenKind::end. A mistake is reported to the sink and leaves a
// TokenKind::error token where it was, so the parser knows it has been reported already;
// indentation mistakes leave the indents as written instead. At most one error is reported per
// logical line, so one typo gives one message.
std::vector<Token> tokenize(const Source& source, DiagnosticSink& sink);

} // namespace kiln::lang
