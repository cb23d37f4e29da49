#pragma once
// The ascending order of a scalar's draws, which the HDI, quantiles, median and ranks all need:
// one sort per scalar is most of what a summary row costs, so it is a radix sort.

#include <cstdint>
#include <vector>

namespace kiln::diagnostics {

// The positions 0..n-1 of `values` in ascending order of value (equal values in any order).
// Values must not be nan.
std::vector<int64_t> ascending_order(const double* values, int64_t n);

} // namespace kiln::diagnostics
