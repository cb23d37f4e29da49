#include "core/infer/compiled/recorder.h"

#include <unordered_set>
#include <vector>

#include <ATen/ATen.h>
#include <torch/csrc/jit/frontend/tracer.h>
#include <torch/csrc/jit/ir/ir.h>

#include "core/dist/validation.h"
#include "core/util/error.h"
#include "core/util/value_reads.h"

namespace kiln::infer::compiled {

namespace {

thread_local bool read_back = false;

// Whether `v` is computed from the graph's input (a read of it cannot be recorded); data and
// constants read back are fine.
bool depends_on_input(const torch::jit::Value* v) {
  std::vector<const torch::jit::Value*> stack{v};
  std::unordered_set<const torch::jit::Value*> seen;
  while (!stack.empty()) {
    const torch::jit::Value* x = stack.back();
    stack.pop_back();
    if (!seen.insert(x).second)
      continue;
    if (x->node()->kind() == c10::prim::Param)
      return true;
    for (const torch::jit::Value* in : x->node()->inputs())
      stack.push_back(in);
  }
  return false;
}

void listen(const at::Tensor& read) {
  const auto& state = torch::jit::tracer::getTracingState();
  if (state && state->hasValue(read) && depends_on_input(state->getValue(read)))
    read_back = true;
}

} // namespace

std::shared_ptr<torch::jit::Graph>
record_function(const std::function<at::Tensor(const at::Tensor&)>& function,
                const at::Tensor& flat) {
  const dist::ValidationScope unchecked(false);
  at::NoGradGuard no_grad;
  const at::Tensor input = flat.to(at::kDouble).contiguous().clone();
  auto traced = [&](torch::jit::Stack inputs) -> torch::jit::Stack {
    // No tracer warnings on stderr for values read back into C++: the listener finds those
    // reads and the model is refused instead.
    const torch::jit::tracer::NoWarn quiet;
    const ValueReadScope reads(listen);
    return {function(inputs.at(0).toTensor())};
  };
  read_back = false;
  auto state = torch::jit::tracer::trace(
                   {input}, traced, [](const at::Tensor&) { return std::string(); },
                   /*strict=*/false, /*force_outplace=*/false)
                   .first;
  if (read_back)
    throw NotSupportedError(
        "compiled tier: the model reads a value computed from its parameters back into its "
        "code (value-dependent control flow, e.g. `if` on a tensor or a number read with "
        ".item() or float()), which a recorded program cannot follow");
  return state->graph;
}

std::shared_ptr<torch::jit::Graph> record_potential(const ModelDensity& density,
                                                    const at::Tensor& flat) {
  return record_function([&](const at::Tensor& x) { return density.potential_tensor(x); }, flat);
}

} // namespace kiln::infer::compiled
