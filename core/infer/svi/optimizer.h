#pragma once
// Optimizers over the param store (Pyro's PyroOptim): each parameter, named by its param-store
// name, gets its own state the first time a step sees it, so parameters created mid-run (a
// guide's lazily created locs) join without a restart.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

namespace kiln::infer::svi {

// A parameter to update: its name and the unconstrained leaf tensor (ParamStore::unconstrained)
// whose .grad() holds the gradient.
using NamedParams = std::vector<std::pair<std::string, at::Tensor>>;

class Optimizer {
public:
  virtual ~Optimizer() = default;
  // Updates each tensor in place from its gradient (a tensor without one is left alone), then
  // advances the learning-rate schedule by one step.
  virtual void step(const NamedParams& params) = 0;
  // The learning rate the next step uses.
  virtual double learning_rate() const = 0;
};

using OptimizerPtr = std::shared_ptr<Optimizer>;

} // namespace kiln::infer::svi
