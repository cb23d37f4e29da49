#pragma once
// A categorical log density looked up for many values at once: out[r, j] = table[r, index[j]].
// When every row of the table meets every value (LDA: each topic's word distribution at each
// word of each document), this is that outer gather written as two loops, and its gradient a
// scatter-add row by row: no flat index of rows x values is built, and the table's row stays in
// cache while the values stream past.

#include <ATen/core/Tensor.h>

namespace kiln::dist {

// `table` (R, K) floating, `index` (N,) integer with entries in [0, K): the (R, N) lookups,
// differentiable in `table`. Throws DomainError naming the first entry out of range.
at::Tensor gather_rows(const at::Tensor& table, const at::Tensor& index);

} // namespace kiln::dist
