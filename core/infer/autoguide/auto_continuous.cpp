#include "core/infer/autoguide/auto_continuous.h"

#include <map>

#include <ATen/ATen.h>

#include "core/dist/continuous/normal.h"
#include "core/poutine/primitives.h"
#include "core/util/error.h"

namespace kiln::infer::autoguide {

AutoContinuous::AutoContinuous(poutine::Model model, std::string name, InitFn init_loc_fn)
    : AutoGuide(std::move(model), std::move(name), std::move(init_loc_fn)) {}

void AutoContinuous::setup_prototype() {
  std::vector<at::Tensor> parts;
  latent_dim_ = 0;
  for (const auto& site : sites_) {
    for (const auto& frame : site.cond_indep_stack)
      if (frame.size != frame.full_size)
        throw NotSupportedError(name() + ": site '" + site.name + "' is in plate '" + frame.name +
                                "', which subsamples; use AutoNormal or AutoDelta for "
                                "subsampled sites");
    parts.push_back(site.transform->inverse(site.value).detach().reshape({-1}).to(at::kDouble));
    latent_dim_ += numel(site.unconstrained_shape);
  }
  if (latent_dim_ == 0)
    throw Error(name() + ": the model has no latent variables; use an empty guide instead");
  init_loc_ = at::cat(parts);
}

std::vector<std::pair<const PrototypeSite*, at::Tensor>>
AutoContinuous::unpack_latent(const at::Tensor& latent) {
  setup();
  if (latent.dim() < 1 || latent.size(-1) != latent_dim_)
    throw ShapeError(name() + ": a latent vector must end in a dim of " +
                     std::to_string(latent_dim_) + ", got shape " +
                     format_shape(to_shape(latent.sizes())));
  const Shape batch = drop_right(to_shape(latent.sizes()), 1);
  std::vector<std::pair<const PrototypeSite*, at::Tensor>> result;
  int64_t pos = 0;
  for (const auto& site : sites_) {
    const int64_t size = numel(site.unconstrained_shape);
    Shape padded = batch;
    padded.insert(padded.end(), site.unconstrained_event_dim, 1);
    const Shape shape = broadcast_shapes(site.unconstrained_shape, padded);
    at::Tensor part = latent.narrow(-1, pos, size).reshape(shape);
    result.emplace_back(&site, part.to(site.value.scalar_type()));
    pos += size;
  }
  return result;
}

poutine::ValueMap AutoContinuous::sample_sites() {
  at::Tensor latent =
      poutine::sample("_" + name() + "_latent", get_posterior(), {}, {{"is_auxiliary", true}});
  poutine::ValueMap result;
  for (auto& [site, z] : unpack_latent(latent)) {
    auto [value, log_density] = constrain(*site, z);
    auto plates = enter_plates(site->cond_indep_stack);
    result[site->name] = poutine::sample(site->name, own_draw(value, log_density, site->event_dim));
  }
  return result;
}

poutine::ValueMap AutoContinuous::median() {
  setup();
  at::NoGradGuard no_grad;
  poutine::ValueMap result;
  at::Tensor loc = loc_scale().first.detach();
  for (auto& [site, z] : unpack_latent(loc))
    result[site->name] = site->transform->forward(z).clone();
  return result;
}

poutine::ValueMap AutoContinuous::quantiles(const std::vector<double>& qs) {
  setup();
  at::NoGradGuard no_grad;
  auto [loc, scale] = loc_scale();
  at::Tensor q = quantile_tensor(qs, loc).unsqueeze(-1);
  at::Tensor latents = dist::Normal(loc.detach(), scale.detach()).icdf(q);
  // One latent vector per quantile: a leading batch dim would be read as a plate dim.
  std::map<std::string, std::vector<at::Tensor>> parts;
  for (int64_t i = 0; i < latents.size(0); ++i)
    for (auto& [site, z] : unpack_latent(latents[i]))
      parts[site->name].push_back(site->transform->forward(z));
  poutine::ValueMap result;
  for (auto& [name, values] : parts)
    result[name] = at::stack(values);
  return result;
}

} // namespace kiln::infer::autoguide
