#pragma once
// The elimination step of the enumeration contraction: log sum_{dim} exp(sum_k factors[k]), the
// product of the factors that carry an enumerated site, summed over that site's values. The
// product of an observation's factor and its parent's broadcasts to every value, plate element
// and data point at once (LDA: topics x words x documents); computed whole, it is one tensor
// that logsumexp and its gradient then read and write some ten times. Here it is built and
// reduced one value of `dim` at a time, each slice small enough to stay in cache, and its
// gradient likewise: two reads of the factors forward, one backward.

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

namespace kiln::infer {

// The factors have equal rank and broadcast together; the result has their broadcast shape
// without `dim`. Equal to at::logsumexp(sum of factors, dim) up to rounding, gradient included.
at::Tensor log_sum_product(const std::vector<at::Tensor>& factors, int64_t dim);

} // namespace kiln::infer
