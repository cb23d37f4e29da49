#pragma once
// Digamma and trigamma in float64, for the adjoints of lgamma and digamma (the C++ library has
// neither).

namespace kiln::infer::compiled {

// psi(x) = d/dx log Gamma(x); nan at the poles (x = 0, -1, -2, ...), as torch.digamma gives
// -inf at 0 and nan at the negative integers: the caller handles x = 0.
double digamma(double x);
// psi'(x) as LibTorch computes it (its backward of digamma), which is ~3e-10 relative.
double trigamma(double x);

} // namespace kiln::infer::compiled
