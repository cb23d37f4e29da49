#pragma once
// Quantiles of draws as ArviZ computes them (stats_utils.quantile: scipy's mquantiles with
// alphap = betap = 1, which is R's type 7 and numpy's default "linear"), and the median as
// numpy's (the mean of the two middle values of an even count).

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

namespace kiln::diagnostics {

// The p-quantile of n ascending values (n >= 1, 0 <= p <= 1).
double quantile_of_sorted(const double* sorted, int64_t n, double p);
// The median of n ascending values (n >= 1).
double median_of_sorted(const double* sorted, int64_t n);

// The quantiles at `probs` of all elements of `draws` (any shape, pooled over chains and
// draws); nan for each when there are no draws or some are nan. A probability outside [0, 1]
// is a DomainError.
std::vector<double> quantiles(const at::Tensor& draws, const std::vector<double>& probs);

} // namespace kiln::diagnostics
