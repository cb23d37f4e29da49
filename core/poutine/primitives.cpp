#include "core/poutine/primitives.h"

#include <ATen/ATen.h>

#include "core/dist/meta/unit.h"
#include "core/poutine/handler.h"

namespace kiln::poutine {

at::Tensor sample(const std::string& name, const dist::Distribution& fn, const at::Tensor& obs,
                  InferDict infer) {
  return sample(name, fn.shared(), obs, std::move(infer));
}

at::Tensor sample(const std::string& name, const dist::DistPtr& fn, const at::Tensor& obs,
                  InferDict infer) {
  if (!has_handlers()) {
    if (obs.defined())
      return obs;
    return fn->has_rsample() ? fn->rsample() : fn->sample();
  }
  Message msg;
  msg.type = SiteType::Sample;
  msg.name = name;
  msg.fn = fn;
  msg.value = obs;
  msg.is_observed = obs.defined();
  msg.infer = std::move(infer);
  apply_stack(msg);
  return msg.value;
}

at::Tensor param(const std::string& name, const at::Tensor& init,
                 const dist::ConstraintPtr& constraint, std::optional<int64_t> event_dim) {
  std::function<at::Tensor()> make;
  if (init.defined())
    make = [init] { return init; };
  return param(name, std::move(make), constraint, event_dim);
}

at::Tensor param(const std::string& name, std::function<at::Tensor()> init,
                 const dist::ConstraintPtr& constraint, std::optional<int64_t> event_dim) {
  Message msg;
  msg.type = SiteType::Param;
  msg.name = name;
  msg.init = std::move(init);
  msg.constraint = constraint;
  msg.event_dim = event_dim;
  apply_stack(msg);
  return msg.value;
}

at::Tensor deterministic(const std::string& name, const at::Tensor& value, int64_t event_dim) {
  if (!has_handlers())
    return value;
  Message msg;
  msg.type = SiteType::Deterministic;
  msg.name = name;
  msg.value = value;
  msg.is_observed = true;
  msg.event_dim = event_dim;
  apply_stack(msg);
  return msg.value;
}

void factor(const std::string& name, const at::Tensor& log_factor, bool has_rsample) {
  auto unit = std::make_shared<dist::Unit>(log_factor, has_rsample);
  sample(name, unit, unit->sample(), {{"is_auxiliary", true}});
}

at::Tensor subsample(const at::Tensor& data, int64_t event_dim) {
  if (!has_handlers())
    return data;
  Message msg;
  msg.type = SiteType::Subsample;
  msg.name = "_subsample";
  msg.value = data;
  msg.event_dim = event_dim;
  apply_stack(msg);
  return msg.value;
}

Module& module(const std::string& name, Module& module) {
  for (auto& [param_name, tensor] : module.named_parameters()) {
    at::Tensor init = *tensor;
    *tensor = param(name + "$$$" + param_name, init.detach());
  }
  return module;
}

} // namespace kiln::poutine
