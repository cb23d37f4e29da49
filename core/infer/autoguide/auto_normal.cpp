#include "core/infer/autoguide/auto_normal.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/constraints/guide_constraints.h"
#include "core/dist/continuous/normal.h"
#include "core/poutine/param_store.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"

namespace kiln::infer::autoguide {

AutoNormal::AutoNormal(poutine::Model model, InitFn init_loc_fn, double init_scale)
    : AutoGuide(std::move(model), "AutoNormal", std::move(init_loc_fn)), init_scale_(init_scale) {
  if (!(init_scale > 0))
    throw DomainError("AutoNormal: init_scale is " + std::to_string(init_scale) +
                      ", but must be positive");
}

void AutoNormal::setup_prototype() {
  for (const auto& site : sites_) {
    at::Tensor init = site.transform->inverse(site.value).detach();
    init_locs_[site.name] = full_size(site, init, site.unconstrained_event_dim);
  }
}

std::string AutoNormal::loc_name(const PrototypeSite& site) const {
  return name() + ".locs." + site.name;
}

std::string AutoNormal::scale_name(const PrototypeSite& site) const {
  return name() + ".scales." + site.name;
}

at::Tensor AutoNormal::loc(const PrototypeSite& site, bool as_site) {
  const at::Tensor init = init_locs_.at(site.name);
  auto make = [init] { return init.clone(); };
  if (as_site)
    return poutine::param(loc_name(site), make, dist::constraints::real(),
                          site.unconstrained_event_dim);
  return poutine::param_store().get_or_create(loc_name(site), make, dist::constraints::real());
}

at::Tensor AutoNormal::scale(const PrototypeSite& site, bool as_site) {
  const at::Tensor init = init_locs_.at(site.name);
  const double s = init_scale_;
  auto make = [init, s] { return at::full_like(init, s); };
  if (as_site)
    return poutine::param(scale_name(site), make, dist::constraints::softplus_positive(),
                          site.unconstrained_event_dim);
  return poutine::param_store().get_or_create(scale_name(site), make,
                                              dist::constraints::softplus_positive());
}

poutine::ValueMap AutoNormal::sample_sites() {
  poutine::ValueMap result;
  for (const auto& site : sites_) {
    auto plates = enter_plates(site.cond_indep_stack);
    auto base = std::make_shared<dist::Normal>(loc(site, true), scale(site, true));
    base->score_own_samples_by_noise();
    at::Tensor z =
        poutine::sample(site.name + "_unconstrained", base->to_event(site.unconstrained_event_dim),
                        {}, {{"is_auxiliary", true}});
    auto [value, log_density] = constrain(site, z);
    result[site.name] = poutine::sample(site.name, own_draw(value, log_density, site.event_dim));
  }
  return result;
}

poutine::ValueMap AutoNormal::median() {
  setup();
  at::NoGradGuard no_grad;
  poutine::ValueMap result;
  for (const auto& site : sites_)
    result[site.name] = site.transform->forward(loc(site, false)).detach().clone();
  return result;
}

poutine::ValueMap AutoNormal::quantiles(const std::vector<double>& qs) {
  setup();
  at::NoGradGuard no_grad;
  poutine::ValueMap result;
  for (const auto& site : sites_) {
    at::Tensor l = loc(site, false);
    std::vector<int64_t> shape(l.dim() + 1, 1);
    shape[0] = static_cast<int64_t>(qs.size());
    at::Tensor q = quantile_tensor(qs, l).reshape(shape);
    at::Tensor z = dist::Normal(l, scale(site, false)).icdf(q);
    result[site.name] = site.transform->forward(z).detach();
  }
  return result;
}

std::map<std::string, dist::DistPtr> AutoNormal::get_posterior() {
  setup();
  std::map<std::string, dist::DistPtr> result;
  for (const auto& site : sites_)
    result[site.name] =
        dist::Normal(loc(site, false), scale(site, false)).to_event(site.unconstrained_event_dim);
  return result;
}

} // namespace kiln::infer::autoguide
