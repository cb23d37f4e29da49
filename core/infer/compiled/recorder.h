#pragma once
// Records the straight-line program a model density's potential runs: the ATen ops from the flat
// unconstrained vector to the scalar potential, with every tensor the model reads (data,
// constants) in place. The JIT tracer of LibTorch does the recording; this is the only file that
// sees it.

#include <functional>
#include <memory>

#include <ATen/core/Tensor.h>

#include "core/infer/model_density.h"

namespace torch::jit {
struct Graph;
}

namespace kiln::infer::compiled {

// The potential of `density` at `flat` as a graph with one input (the flat vector) and one
// output (the potential, a scalar tensor). The model runs once, without distribution validation
// and without autograd. The graph is only valid where the model takes the same path; callers
// check for ops that read values back (`.item()`, `bool(tensor)`). Exceptions of the model
// (DomainError, ...) pass through.
std::shared_ptr<torch::jit::Graph> record_potential(const ModelDensity& density,
                                                    const at::Tensor& flat);

// The same for any scalar function of a flat float64 vector (an ELBO estimate's loss).
std::shared_ptr<torch::jit::Graph>
record_function(const std::function<at::Tensor(const at::Tensor&)>& function,
                const at::Tensor& flat);

} // namespace kiln::infer::compiled
