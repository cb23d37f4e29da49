#include "core/infer/autoguide/auto_delta.h"

#include <ATen/ATen.h>

#include "core/dist/meta/delta.h"
#include "core/poutine/param_store.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"

namespace kiln::infer::autoguide {

AutoDelta::AutoDelta(poutine::Model model, InitFn init_loc_fn)
    : AutoGuide(std::move(model), "AutoDelta", std::move(init_loc_fn)) {}

void AutoDelta::setup_prototype() {
  for (const auto& site : sites_)
    init_values_[site.name] = full_size(site, site.value, site.event_dim);
}

at::Tensor AutoDelta::point(const PrototypeSite& site, bool as_site) {
  const at::Tensor init = init_values_.at(site.name);
  auto make = [init] { return init.clone(); };
  const std::string param_name = name() + "." + site.name;
  if (as_site)
    return poutine::param(param_name, make, site.fn->support(), site.event_dim);
  return poutine::param_store().get_or_create(param_name, make, site.fn->support());
}

poutine::ValueMap AutoDelta::sample_sites() {
  poutine::ValueMap result;
  for (const auto& site : sites_) {
    auto plates = enter_plates(site.cond_indep_stack);
    dist::Delta delta(point(site, true), 0., site.event_dim);
    result[site.name] = poutine::sample(site.name, delta);
  }
  return result;
}

poutine::ValueMap AutoDelta::median() {
  setup();
  at::NoGradGuard no_grad;
  poutine::ValueMap result;
  for (const auto& site : sites_)
    result[site.name] = point(site, false).detach().clone();
  return result;
}

poutine::ValueMap AutoDelta::quantiles(const std::vector<double>& qs) {
  setup();
  at::NoGradGuard no_grad;
  poutine::ValueMap result;
  for (const auto& site : sites_) {
    at::Tensor v = point(site, false).detach();
    quantile_tensor(qs, v);
    result[site.name] = v.unsqueeze(0)
                            .expand(concat({static_cast<int64_t>(qs.size())}, to_shape(v.sizes())))
                            .clone();
  }
  return result;
}

std::map<std::string, dist::DistPtr> AutoDelta::get_posterior() {
  setup();
  std::map<std::string, dist::DistPtr> result;
  for (const auto& site : sites_)
    result[site.name] = std::make_shared<dist::Delta>(point(site, false), 0., site.event_dim);
  return result;
}

} // namespace kiln::infer::autoguide
