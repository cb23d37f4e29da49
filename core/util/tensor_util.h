#pragma once
// Small tensor helpers shared by distributions and transforms.

#include <cstdint>

#include <ATen/core/Tensor.h>

namespace kiln {

// Sums the rightmost n dims (n == 0 returns t).
at::Tensor sum_rightmost(const at::Tensor& t, int64_t n);

// Cumulative sum from the right along the last dim: out[i] = t[i] + t[i+1] + ... + t[n-1].
at::Tensor reverse_cumsum(const at::Tensor& t);

// Whether every element is finite: one sum where that settles it (a finite sum has no NaN or
// infinity in it), the elementwise test only where the sum is not finite.
bool all_finite(const at::Tensor& t);

// t without the copies an expand made: every dim of stride 0 narrowed to one element, except the
// rightmost `keep_right` (event dims a reduction needs whole). It broadcasts back to t's shape,
// so an elementwise op on it (log of an expanded scale) computes each distinct value once.
at::Tensor undo_expand(const at::Tensor& t, int64_t keep_right = 0);

// Machine epsilon and the smallest normal number of t's floating dtype.
double finfo_eps(const at::Tensor& t);
double finfo_tiny(const at::Tensor& t);

// The vector of the lower triangle below diagonal `offset` (0: with the diagonal, -1: strict),
// row by row, and back.
at::Tensor tril_to_vec(const at::Tensor& m, int64_t offset);
at::Tensor vec_to_tril(const at::Tensor& v, int64_t n, int64_t offset);

} // namespace kiln
