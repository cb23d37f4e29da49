#include "core/infer/autoguide/auto_multivariate_normal.h"

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/constraints/guide_constraints.h"
#include "core/dist/multivariate/multivariate_normal.h"
#include "core/poutine/primitives.h"
#include "core/util/error.h"

namespace kiln::infer::autoguide {

AutoMultivariateNormal::AutoMultivariateNormal(poutine::Model model, InitFn init_loc_fn,
                                               double init_scale)
    : AutoContinuous(std::move(model), "AutoMultivariateNormal", std::move(init_loc_fn)),
      init_scale_(init_scale) {
  if (!(init_scale > 0))
    throw DomainError("AutoMultivariateNormal: init_scale is " + std::to_string(init_scale) +
                      ", but must be positive");
}

AutoMultivariateNormal::Factors AutoMultivariateNormal::factors() {
  setup();
  if (is_fixed())
    return {fixed_loc_, fixed_scale_, fixed_scale_tril_};
  const at::Tensor init = init_loc();
  const double s = init_scale_;
  Factors f;
  f.loc = poutine::param(
      name() + ".loc", [init] { return init.clone(); }, dist::constraints::real(), 1);
  f.scale = poutine::param(
      name() + ".scale", [init, s] { return at::full_like(init, s); },
      dist::constraints::softplus_positive(), 1);
  f.scale_tril = poutine::param(
      name() + ".scale_tril", [init] { return at::eye(init.size(0), init.options()); },
      dist::constraints::unit_lower_cholesky(), 2);
  return f;
}

dist::DistPtr AutoMultivariateNormal::get_posterior() {
  Factors f = factors();
  return std::make_shared<dist::MultivariateNormal>(f.loc, std::nullopt, std::nullopt,
                                                    f.scale.unsqueeze(-1) * f.scale_tril);
}

std::pair<at::Tensor, at::Tensor> AutoMultivariateNormal::loc_scale() {
  Factors f = factors();
  at::Tensor tril = f.scale.unsqueeze(-1) * f.scale_tril;
  return {f.loc, tril.pow(2).sum(-1).sqrt()};
}

} // namespace kiln::infer::autoguide
