#pragma once
// The torch functions exp, log, sigmoid, pow, clamp, where, comparisons: functions of each element.

#include <vector>

#include "core/lang/builtins/tensor_function.h"

namespace kiln::lang {

std::vector<TensorFunction> elementwise_functions();

} // namespace kiln::lang
