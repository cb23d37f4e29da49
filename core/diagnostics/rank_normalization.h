#pragma once
// Rank normalization (Vehtari et al. 2021, sec. 4.2, eq. 14): each value is replaced by the
// normal quantile of its fractional rank, z = Phi^-1((r - 3/8) / (S + 1/4)) with Blom's (1958)
// offsets, tied values sharing the average of their ranks. This is ArviZ's _z_scale and Stan's
// rank_transform. Folding (sec. 4.3) replaces each value by its distance from the median, so
// R-hat of the folded draws sees chains that differ in scale rather than location.

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/diagnostics/chains.h"
#include "core/diagnostics/split_chains.h"

namespace kiln::diagnostics {

// Ranks the values at the positions in `order` (ascending by value) among themselves and
// writes their z-scores to z at the same positions; other positions of z are left alone.
void normal_scores(const double* values, const std::vector<int64_t>& order, double* z);

// The z-scores of every element of `x` over all its elements, in x's shape, float64.
at::Tensor rank_normalize(const at::Tensor& x);

// |v - center| of the values at the positions in `order` (ascending by value), written to
// `folded` at the same positions, and the positions in ascending order of folded value, merged
// in linear time.
std::vector<int64_t> fold(const double* values, const std::vector<int64_t>& order, double center,
                          double* folded);

// The rank-normalized split chains of x, given kept_by_split(ascending order of x, x).
SplitChains split_normal_scores(const Chains& x, const std::vector<int64_t>& kept);
// The same of |x - center|.
SplitChains split_folded_normal_scores(const Chains& x, const std::vector<int64_t>& kept,
                                       double center);

} // namespace kiln::diagnostics
