#pragma once
// Numbers and small tensors written the way error messages and summaries show them.

#include <string>

#include <ATen/core/Tensor.h>

namespace kiln {

// Shortest round-trip-free form a person reads easily: -1, 0.25, 1e-08, nan, inf.
std::string format_number(double x);

// A scalar as a number, a small tensor as a nested list "[0.2, 0.8]", long ones elided.
std::string format_values(const at::Tensor& t, int64_t max_items = 8);

} // namespace kiln
