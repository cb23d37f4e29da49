#pragma once
// The highest density interval as ArviZ's hdi computes it for one mode (stats._hdi): the
// narrowest interval spanning floor(prob * n) + 1 of the n sorted draws, the leftmost one when
// several are equally narrow. 94% by default, ArviZ's choice (a reminder that the number is
// arbitrary, not 95%).

#include <cstdint>

#include <ATen/core/Tensor.h>

namespace kiln::diagnostics {

constexpr double kDefaultHdiProb = 0.94;

struct Interval {
  double lower;
  double upper;
};

// The HDI of n ascending values (n >= 1, 0 < prob < 1).
Interval hdi_of_sorted(const double* sorted, int64_t n, double prob);

// The HDI of all elements of `draws` (any shape, pooled over chains and draws): nan bounds
// when there are no draws or some are not finite. prob outside (0, 1) is a DomainError.
Interval hdi(const at::Tensor& draws, double prob = kDefaultHdiProb);

} // namespace kiln::diagnostics
