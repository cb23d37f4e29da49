#pragma once
// The loops the forward and backward sweeps share: an elementwise input read at output index i,
// and small dense products, over raw arena pointers.

#include <cstdint>
#include <string>

#include "core/infer/compiled/program.h"
#include "core/util/error.h"

namespace kiln::infer::compiled {

// The position in the input's buffer of the element output index `i` reads.
inline int64_t source(const Input& in, int64_t i) {
  return in.read == Read::Same ? i : in.read == Read::Scalar ? 0 : in.map[i];
}

// The row an IndexRows index names among `rows` (an index below 0 counts from the end); a
// DomainError for one out of range.
inline int64_t row_index(double index, int64_t rows) {
  auto k = static_cast<int64_t>(index);
  if (k < 0)
    k += rows;
  if (k < 0 || k >= rows)
    throw DomainError("compiled tier: index " + std::to_string(static_cast<int64_t>(index)) +
                      " is out of range for a dimension of size " + std::to_string(rows));
  return k;
}

// sum_j a[j] b[j] over n with four accumulators, so the loop pipelines.
inline double dot(const double* a, const double* b, int64_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int64_t j = 0;
  for (; j + 4 <= n; j += 4) {
    s0 += a[j] * b[j];
    s1 += a[j + 1] * b[j + 1];
    s2 += a[j + 2] * b[j + 2];
    s3 += a[j + 3] * b[j + 3];
  }
  for (; j < n; ++j)
    s0 += a[j] * b[j];
  return (s0 + s1) + (s2 + s3);
}

} // namespace kiln::infer::compiled
