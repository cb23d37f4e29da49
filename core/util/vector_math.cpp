#include "core/util/vector_math.h"

#include <cmath>

#include <immintrin.h>

// libmvec's AVX2 entry points (the vector function ABI's names for exp, log and log1p on four
// doubles), which glibc >= 2.35 exports.
extern "C" {
__m256d _ZGVdN4v_exp(__m256d);
__m256d _ZGVdN4v_log(__m256d);
__m256d _ZGVdN4v_log1p(__m256d);
}

namespace kiln {

namespace {

using Vector = __m256d (*)(__m256d);
using Scalar = double (*)(double);

__attribute__((target("avx2"))) void avx2_map(Vector f, Scalar g, const double* x, double* out,
                                              int64_t n) {
  int64_t i = 0;
  for (; i + 4 <= n; i += 4)
    _mm256_storeu_pd(out + i, f(_mm256_loadu_pd(x + i)));
  for (; i < n; ++i)
    out[i] = g(x[i]);
}

void map(Vector f, Scalar g, const double* x, double* out, int64_t n) {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) {
    avx2_map(f, g, x, out, n);
    return;
  }
  for (int64_t i = 0; i < n; ++i)
    out[i] = g(x[i]);
}

double scalar_exp(double x) {
  return std::exp(x);
}
double scalar_log(double x) {
  return std::log(x);
}
double scalar_log1p(double x) {
  return std::log1p(x);
}

} // namespace

void vector_exp(const double* x, double* out, int64_t n) {
  map(_ZGVdN4v_exp, scalar_exp, x, out, n);
}

void vector_log(const double* x, double* out, int64_t n) {
  map(_ZGVdN4v_log, scalar_log, x, out, n);
}

void vector_log1p(const double* x, double* out, int64_t n) {
  map(_ZGVdN4v_log1p, scalar_log1p, x, out, n);
}

} // namespace kiln
