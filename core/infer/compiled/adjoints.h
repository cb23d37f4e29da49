#pragma once
// The reverse sweep: the instructions backwards, each adding its inputs' adjoints from its
// output's by a hand-written rule (the same derivatives as LibTorch's autograd formulas).

#include "core/infer/compiled/program.h"

namespace kiln::infer::compiled {

// `values` after run_forward; `grads` (program.grad_size entries) all zero. On return the input
// slot's adjoint is the gradient of the potential.
void run_backward(const Program& program, const double* values, double* grads);

} // namespace kiln::infer::compiled
