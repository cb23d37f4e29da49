#pragma once
// Rank normalization (Vehtari et al. 2021, sec. 4.2, eq. 14): each value is replaced by the
// normal quantile of its fractional rank, z = Phi^-1((r - 3/8) / (S + 1/4)) with Blom's (1958)
// offsets, tied values sharing the average of their ranks. This is ArviZ's _z_scale and Stan's
// rank_transform. Folding (sec. 4.3) replaces each value by its distance from the median, so
// R-hat and ESS of the folded draws see differences in scale rather than location.

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

namespace kiln::diagnostics {

// The z-scores of `values` (n of them) given their ascending order; nan values are not allowed.
std::vector<double> normal_scores(const double* values, const std::vector<int64_t>& order);

// The z-scores of every element of `x` over all its elements, in x's shape, float64.
at::Tensor rank_normalize(const at::Tensor& x);

// |v - center| for each value, written to `folded`, and the ascending order of the folded
// values, merged from `order` (the ascending order of `values`) in linear time.
std::vector<int64_t> fold(const double* values, const std::vector<int64_t>& order, double center,
                          double* folded);

} // namespace kiln::diagnostics
