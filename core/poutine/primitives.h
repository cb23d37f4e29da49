#pragma once
// The primitives a model is written with, under Pyro's names. A model is any callable that
// calls them: [&] { auto mu = sample("mu", dist::Normal(0., 5.)); ... }.

#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/dist/distribution.h"
#include "core/poutine/message.h"

namespace kiln::poutine {

// A random variable. With `obs` the site is observed and returns obs; otherwise the handlers
// decide its value, and with none it is drawn from `fn`.
at::Tensor sample(const std::string& name, const dist::Distribution& fn,
                  const at::Tensor& obs = {}, InferDict infer = {});
at::Tensor sample(const std::string& name, const dist::DistPtr& fn, const at::Tensor& obs = {},
                  InferDict infer = {});

// A learnable parameter: created from `init` (a constrained value) the first time, then read
// from the param store. `event_dim` marks the rightmost dims that subsampling plates leave
// whole (absent: every dim of the value is a batch dim).
at::Tensor param(const std::string& name, const at::Tensor& init = {},
                 const dist::ConstraintPtr& constraint = nullptr,
                 std::optional<int64_t> event_dim = std::nullopt);
// As above, with the initial value computed only when the store lacks the parameter.
at::Tensor param(const std::string& name, std::function<at::Tensor()> init,
                 const dist::ConstraintPtr& constraint = nullptr,
                 std::optional<int64_t> event_dim = std::nullopt);

// Records a value computed from other sites under a name (kept with the draws by MCMC).
at::Tensor deterministic(const std::string& name, const at::Tensor& value, int64_t event_dim = 0);

// Adds log_factor to the log joint, as an observed site of a Unit distribution.
void factor(const std::string& name, const at::Tensor& log_factor, bool has_rsample = false);

// Cuts `data` to the subsample of every enclosing subsampling plate along that plate's dim;
// the rightmost `event_dim` dims are left whole.
at::Tensor subsample(const at::Tensor& data, int64_t event_dim);

// A network's parameters: what pyro.module registers.
class Module {
public:
  virtual ~Module() = default;
  // Each parameter's name and the tensor the network computes with.
  virtual std::vector<std::pair<std::string, at::Tensor*>> named_parameters() = 0;
};

// Registers every parameter of `module` in the param store as "name$$$param" (Pyro's naming)
// and points the module at the stored tensors, so that optimizers train it and traces see it.
Module& module(const std::string& name, Module& module);

} // namespace kiln::poutine
