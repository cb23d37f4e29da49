#pragma once
// Python's operators over language values: numbers follow Python (int // int is an int, / is
// always true division), tensors follow torch (broadcasting, type promotion), lists and tuples
// concatenate and repeat, strings concatenate.

#include "core/lang/ast.h"
#include "core/lang/value.h"

namespace kiln::lang {

// Every binary operator except `and` / `or`, which the interpreter short-circuits.
Value binary_op(BinaryOp op, const Value& a, const Value& b);
Value unary_op(UnaryOp op, const Value& a);
// One comparison of a chain; on tensors the result is a bool tensor.
Value compare_op(CompareOp op, const Value& a, const Value& b);

} // namespace kiln::lang
