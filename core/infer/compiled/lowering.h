#pragma once
// From the recorded graph to a Program: ops on values that do not depend on the input are
// evaluated once (data, constants, broadcast parameters), the others become instructions.

#include "core/infer/compiled/program.h"

namespace torch::jit {
struct Graph;
}

namespace kiln::infer::compiled {

// A NotSupportedError naming the op for an op outside the compiled set or one computing in a
// dtype other than float64, and for a value the model read back from the input (`.item()`,
// `bool(tensor)`): the program would fix a path that depends on values.
Program lower(const torch::jit::Graph& graph);

} // namespace kiln::infer::compiled
