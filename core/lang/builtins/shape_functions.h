#pragma once
// The torch functions reshape, squeeze, permute, cat, stack, split, gather, expand, tril, flip:
// moving elements.

#include <vector>

#include "core/lang/builtins/tensor_function.h"

namespace kiln::lang {

std::vector<TensorFunction> shape_functions();

} // namespace kiln::lang
