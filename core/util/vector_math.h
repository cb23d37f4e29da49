#pragma once
// exp, log and log1p over arrays of doubles, four at a time through glibc's vector math library
// (libmvec, at most 4 ulp from the exact value) where the CPU has AVX2, else one at a time
// through libm. The compiled tier's sweeps call them on whole buffers: a scalar libm call per
// element costs several times the vector one.

#include <cstdint>

namespace kiln {

// out[i] = f(x[i]) for i < n; `out` may be `x`.
void vector_exp(const double* x, double* out, int64_t n);
void vector_log(const double* x, double* out, int64_t n);
void vector_log1p(const double* x, double* out, int64_t n);

} // namespace kiln
