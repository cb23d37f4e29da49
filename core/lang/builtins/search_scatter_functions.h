#pragma once
// The torch functions that search sorted tensors, scatter into them, or compute order
// statistics and differences: searchsorted, bucketize, nonzero, scatter_add, index_add, diff,
// median, quantile, dist, tensordot, and the special functions polygamma, mvlgamma, hypot,
// heaviside.

#include <vector>

#include "core/lang/builtins/tensor_function.h"

namespace kiln::lang {

std::vector<TensorFunction> search_scatter_functions();

} // namespace kiln::lang
