#pragma once
// The tokens of Kiln's Python subset. One table lists every kind with its spelling, so the lexer's
// keyword lookup and the parser's messages cannot disagree.

#include <cstdint>
#include <string>

#include "core/lang/source.h"

namespace kiln::lang {

#define KILN_TOKENS(X)                                                                             \
  X(end, "end of file")                                                                            \
  X(newline, "newline")                                                                            \
  X(indent, "indent")                                                                              \
  X(dedent, "dedent")                                                                              \
  X(error, "invalid token")                                                                        \
  X(name, "name")                                                                                  \
  X(integer, "integer")                                                                            \
  X(floating, "number")                                                                            \
  X(string, "string")                                                                              \
  X(fstring_start, "f-string")                                                                     \
  X(fstring_field_start, "'{' of an f-string")                                                     \
  X(fstring_field_end, "'}' of an f-string")                                                       \
  X(fstring_end, "end of an f-string")                                                             \
  X(kw_false, "False")                                                                             \
  X(kw_none, "None")                                                                               \
  X(kw_true, "True")                                                                               \
  X(kw_and, "and")                                                                                 \
  X(kw_as, "as")                                                                                   \
  X(kw_assert, "assert")                                                                           \
  X(kw_async, "async")                                                                             \
  X(kw_await, "await")                                                                             \
  X(kw_break, "break")                                                                             \
  X(kw_class, "class")                                                                             \
  X(kw_continue, "continue")                                                                       \
  X(kw_def, "def")                                                                                 \
  X(kw_del, "del")                                                                                 \
  X(kw_elif, "elif")                                                                               \
  X(kw_else, "else")                                                                               \
  X(kw_except, "except")                                                                           \
  X(kw_finally, "finally")                                                                         \
  X(kw_for, "for")                                                                                 \
  X(kw_from, "from")                                                                               \
  X(kw_global, "global")                                                                           \
  X(kw_if, "if")                                                                                   \
  X(kw_import, "import")                                                                           \
  X(kw_in, "in")                                                                                   \
  X(kw_is, "is")                                                                                   \
  X(kw_lambda, "lambda")                                                                           \
  X(kw_nonlocal, "nonlocal")                                                                       \
  X(kw_not, "not")                                                                                 \
  X(kw_or, "or")                                                                                   \
  X(kw_pass, "pass")                                                                               \
  X(kw_raise, "raise")                                                                             \
  X(kw_return, "return")                                                                           \
  X(kw_try, "try")                                                                                 \
  X(kw_while, "while")                                                                             \
  X(kw_with, "with")                                                                               \
  X(kw_yield, "yield")                                                                             \
  X(lparen, "(")                                                                                   \
  X(rparen, ")")                                                                                   \
  X(lbracket, "[")                                                                                 \
  X(rbracket, "]")                                                                                 \
  X(lbrace, "{")                                                                                   \
  X(rbrace, "}")                                                                                   \
  X(comma, ",")                                                                                    \
  X(colon, ":")                                                                                    \
  X(dot, ".")                                                                                      \
  X(semicolon, ";")                                                                                \
  X(arrow, "->")                                                                                   \
  X(ellipsis, "...")                                                                               \
  X(walrus, ":=")                                                                                  \
  X(assign, "=")                                                                                   \
  X(plus, "+")                                                                                     \
  X(minus, "-")                                                                                    \
  X(star, "*")                                                                                     \
  X(double_star, "**")                                                                             \
  X(slash, "/")                                                                                    \
  X(double_slash, "//")                                                                            \
  X(percent, "%")                                                                                  \
  X(at, "@")                                                                                       \
  X(amp, "&")                                                                                      \
  X(pipe, "|")                                                                                     \
  X(caret, "^")                                                                                    \
  X(tilde, "~")                                                                                    \
  X(lshift, "<<")                                                                                  \
  X(rshift, ">>")                                                                                  \
  X(less, "<")                                                                                     \
  X(greater, ">")                                                                                  \
  X(less_equal, "<=")                                                                              \
  X(greater_equal, ">=")                                                                           \
  X(equal_equal, "==")                                                                             \
  X(not_equal, "!=")                                                                               \
  X(plus_assign, "+=")                                                                             \
  X(minus_assign, "-=")                                                                            \
  X(star_assign, "*=")                                                                             \
  X(double_star_assign, "**=")                                                                     \
  X(slash_assign, "/=")                                                                            \
  X(double_slash_assign, "//=")                                                                    \
  X(percent_assign, "%=")                                                                          \
  X(at_assign, "@=")                                                                               \
  X(amp_assign, "&=")                                                                              \
  X(pipe_assign, "|=")                                                                             \
  X(caret_assign, "^=")                                                                            \
  X(lshift_assign, "<<=")                                                                          \
  X(rshift_assign, ">>=")

enum class TokenKind : uint8_t {
#define KILN_TOKEN_ENUM(kind, spelling) kind,
  KILN_TOKENS(KILN_TOKEN_ENUM)
#undef KILN_TOKEN_ENUM
};

constexpr int token_kind_count = static_cast<int>(TokenKind::rshift_assign) + 1;

// "(" for punctuation and keywords, a description ("name", "string") for the others.
const char* token_spelling(TokenKind kind);
// The kind a keyword spells, or TokenKind::name.
TokenKind keyword_kind(const std::string& word);

struct Token {
  TokenKind kind = TokenKind::end;
  Span span;
  // The identifier of a name, the spelling of a number as written, the decoded value of a string.
  std::string text;
  int64_t int_value = 0;
  double float_value = 0;
  bool bytes = false; // a b"..." literal
  // fstring_field_end: the conversion ('r', 's', 'a' or 0) in int_value, the format spec in text.
};

} // namespace kiln::lang
