#pragma once
// The forward sweep: every instruction in order, over one value arena.

#include "core/infer/compiled/program.h"

namespace kiln::infer::compiled {

// `values` holds a copy of program.constants with the input slot filled in; on return every
// slot holds its value, the potential in the output slot.
void run_forward(const Program& program, double* values);

} // namespace kiln::infer::compiled
