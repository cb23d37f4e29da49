#pragma once
// The torch functions sum, mean, std, max, logsumexp, cumsum, all, norm, sort: functions over dims.

#include <vector>

#include "core/lang/builtins/tensor_function.h"

namespace kiln::lang {

std::vector<TensorFunction> reduction_functions();

} // namespace kiln::lang
