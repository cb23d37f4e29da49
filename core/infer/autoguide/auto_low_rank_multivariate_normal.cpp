#include "core/infer/autoguide/auto_low_rank_multivariate_normal.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/constraints/guide_constraints.h"
#include "core/dist/multivariate/low_rank_multivariate_normal.h"
#include "core/poutine/primitives.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::infer::autoguide {

AutoLowRankMultivariateNormal::AutoLowRankMultivariateNormal(poutine::Model model,
                                                             InitFn init_loc_fn, double init_scale,
                                                             std::optional<int64_t> rank)
    : AutoContinuous(std::move(model), "AutoLowRankMultivariateNormal", std::move(init_loc_fn)),
      init_scale_(init_scale), rank_(rank) {
  if (!(init_scale > 0))
    throw DomainError(name() + ": init_scale is " + std::to_string(init_scale) +
                      ", but must be positive");
  if (rank && *rank < 1)
    throw DomainError(name() + ": rank is " + std::to_string(*rank) + ", but must be positive");
}

void AutoLowRankMultivariateNormal::setup_prototype() {
  AutoContinuous::setup_prototype();
  if (!rank_)
    rank_ = std::max<int64_t>(
        1, static_cast<int64_t>(std::lround(std::sqrt(static_cast<double>(latent_dim())))));
}

int64_t AutoLowRankMultivariateNormal::rank() {
  setup();
  return *rank_;
}

AutoLowRankMultivariateNormal::Factors AutoLowRankMultivariateNormal::factors() {
  setup();
  const at::Tensor init = init_loc();
  const double s = std::sqrt(0.5) * init_scale_;
  const int64_t r = *rank_;
  Factors f;
  f.loc = poutine::param(
      name() + ".loc", [init] { return init.clone(); }, dist::constraints::real(), 1);
  f.scale = poutine::param(
      name() + ".scale", [init, s] { return at::full_like(init, s); },
      dist::constraints::softplus_positive(), 1);
  f.cov_factor = poutine::param(
      name() + ".cov_factor",
      [init, r] {
        // From the thread's stream (not ATen's global one), so a seeded fit starts the same.
        return at::randn({init.size(0), r}, generator(), init.options()) /
               std::sqrt(static_cast<double>(r));
      },
      dist::constraints::real(), 2);
  return f;
}

dist::DistPtr AutoLowRankMultivariateNormal::get_posterior() {
  Factors f = factors();
  return std::make_shared<dist::LowRankMultivariateNormal>(
      f.loc, f.cov_factor * f.scale.unsqueeze(-1), f.scale * f.scale);
}

std::pair<at::Tensor, at::Tensor> AutoLowRankMultivariateNormal::loc_scale() {
  Factors f = factors();
  return {f.loc, f.scale * (f.cov_factor.pow(2).sum(-1) + 1).sqrt()};
}

} // namespace kiln::infer::autoguide
