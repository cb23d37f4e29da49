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
// With `noise`, standard normal draws (Tensor.normal_ on a fresh buffer, torch.randn) become
// Noise instructions, drawn anew each run, instead of a refusal: an ELBO estimate's program.
Program lower(const torch::jit::Graph& graph, bool noise = false);

} // namespace kiln::infer::compiled
