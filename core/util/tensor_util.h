#pragma once
// Small tensor helpers shared by distributions and transforms.

#include <cstdint>

#include <ATen/core/Tensor.h>

namespace kiln {

// Sums the rightmost n dims (n == 0 returns t).
at::Tensor sum_rightmost(const at::Tensor& t, int64_t n);

// Cumulative sum from the right along the last dim: out[i] = t[i] + t[i+1] + ... + t[n-1].
at::Tensor reverse_cumsum(const at::Tensor& t);

// Machine epsilon and the smallest normal number of t's floating dtype.
double finfo_eps(const at::Tensor& t);
double finfo_tiny(const at::Tensor& t);

// The vector of the lower triangle below diagonal `offset` (0: with the diagonal, -1: strict),
// row by row, and back.
at::Tensor tril_to_vec(const at::Tensor& m, int64_t offset);
at::Tensor vec_to_tril(const at::Tensor& v, int64_t n, int64_t offset);

} // namespace kiln
