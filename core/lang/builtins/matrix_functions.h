#pragma once
// The torch functions matmul, mm, outer, dot, einsum, softmax, cholesky, det: linear algebra on the
// last dims.

#include <vector>

#include "core/lang/builtins/tensor_function.h"

namespace kiln::lang {

std::vector<TensorFunction> matrix_functions();

} // namespace kiln::lang
