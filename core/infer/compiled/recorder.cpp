#include "core/infer/compiled/recorder.h"

#include <ATen/ATen.h>
#include <torch/csrc/jit/frontend/tracer.h>
#include <torch/csrc/jit/ir/ir.h>

#include "core/dist/validation.h"

namespace kiln::infer::compiled {

std::shared_ptr<torch::jit::Graph> record_potential(const ModelDensity& density,
                                                    const at::Tensor& flat) {
  const dist::ValidationScope unchecked(false);
  at::NoGradGuard no_grad;
  const at::Tensor input = flat.to(at::kDouble).contiguous().clone();
  auto traced = [&](torch::jit::Stack inputs) -> torch::jit::Stack {
    // No tracer warnings on stderr for values read back into C++: the compiler finds those
    // reads in the graph and refuses the model instead.
    const torch::jit::tracer::NoWarn quiet;
    return {density.potential_tensor(inputs.at(0).toTensor())};
  };
  auto state = torch::jit::tracer::trace(
                   {input}, traced, [](const at::Tensor&) { return std::string(); },
                   /*strict=*/false, /*force_outplace=*/false)
                   .first;
  return state->graph;
}

} // namespace kiln::infer::compiled
