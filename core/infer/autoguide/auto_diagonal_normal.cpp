#include "core/infer/autoguide/auto_diagonal_normal.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/constraints/guide_constraints.h"
#include "core/dist/continuous/normal.h"
#include "core/poutine/primitives.h"
#include "core/util/error.h"

namespace kiln::infer::autoguide {

AutoDiagonalNormal::AutoDiagonalNormal(poutine::Model model, InitFn init_loc_fn, double init_scale)
    : AutoContinuous(std::move(model), "AutoDiagonalNormal", std::move(init_loc_fn)),
      init_scale_(init_scale) {
  if (!(init_scale > 0))
    throw DomainError("AutoDiagonalNormal: init_scale is " + std::to_string(init_scale) +
                      ", but must be positive");
}

std::pair<at::Tensor, at::Tensor> AutoDiagonalNormal::loc_scale() {
  setup();
  const at::Tensor init = init_loc();
  const double s = init_scale_;
  at::Tensor loc = poutine::param(
      name() + ".loc", [init] { return init.clone(); }, dist::constraints::real(), 1);
  at::Tensor scale = poutine::param(
      name() + ".scale", [init, s] { return at::full_like(init, s); },
      dist::constraints::softplus_positive(), 1);
  return {loc, scale};
}

dist::DistPtr AutoDiagonalNormal::get_posterior() {
  auto [loc, scale] = loc_scale();
  return dist::Normal(loc, scale).to_event(1);
}

} // namespace kiln::infer::autoguide
