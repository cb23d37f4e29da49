#include "core/lang/precedence.h"

namespace kiln::lang {

Precedence precedence_of(BinaryOp op) {
  switch (op) {
  case BinaryOp::or_:
    return Precedence::or_;
  case BinaryOp::and_:
    return Precedence::and_;
  case BinaryOp::bit_or:
    return Precedence::bit_or;
  case BinaryOp::bit_xor:
    return Precedence::bit_xor;
  case BinaryOp::bit_and:
    return Precedence::bit_and;
  case BinaryOp::lshift:
  case BinaryOp::rshift:
    return Precedence::shift;
  case BinaryOp::add:
  case BinaryOp::sub:
    return Precedence::term;
  case BinaryOp::mul:
  case BinaryOp::matmul:
  case BinaryOp::div:
  case BinaryOp::floor_div:
  case BinaryOp::mod:
    return Precedence::factor;
  case BinaryOp::pow:
    return Precedence::power;
  }
  return Precedence::atom;
}

Precedence precedence_of(const Expr& expr) {
  switch (expr.kind) {
  case ExprKind::lambda:
    return Precedence::lambda;
  case ExprKind::conditional:
    return Precedence::conditional;
  case ExprKind::binary:
    return precedence_of(expr.as<Binary>().op);
  case ExprKind::unary:
    return expr.as<Unary>().op == UnaryOp::not_ ? Precedence::not_ : Precedence::unary;
  case ExprKind::compare:
    return Precedence::comparison;
  case ExprKind::call:
  case ExprKind::attribute:
  case ExprKind::subscript:
    return Precedence::postfix;
  default:
    return Precedence::atom;
  }
}

} // namespace kiln::lang
