#pragma once
// Python's operator precedence, weakest first. The parser's rule table and the printer's choice
// of parentheses both read it, so what the printer leaves out the parser reads back the same way.

#include "core/lang/ast.h"

namespace kiln::lang {

enum class Precedence {
  lowest,
  lambda,
  conditional, // a if b else c
  or_,
  and_,
  not_,
  comparison, // < > == != <= >= in, not in, is, is not
  bit_or,
  bit_xor,
  bit_and,
  shift,
  term,    // + -
  factor,  // * @ / // %
  unary,   // -x +x ~x
  power,   // **
  postfix, // calls, subscripts, attributes
  atom,
};

inline Precedence next_higher(Precedence p) {
  return static_cast<Precedence>(static_cast<int>(p) + 1);
}

Precedence precedence_of(BinaryOp op);
// How tightly the outermost operator of an expression binds; displays and literals are atoms.
Precedence precedence_of(const Expr& expr);

} // namespace kiln::lang
