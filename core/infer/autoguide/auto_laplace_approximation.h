#pragma once
// AutoLaplaceApproximation: a point mass on the latent vector, "AutoLaplaceApproximation.loc",
// fitted as a MAP estimate in the unconstrained space (Pyro's); laplace_approximation() then
// gives the Gaussian at that point whose covariance is the inverse Hessian of the negative log
// joint (with each site's log |det J|) there.
#include <memory>

#include "core/infer/autoguide/auto_continuous.h"
#include "core/infer/autoguide/auto_multivariate_normal.h"

namespace kiln::infer::autoguide {

class AutoLaplaceApproximation : public AutoContinuous {
public:
  explicit AutoLaplaceApproximation(poutine::Model model, InitFn init_loc_fn = init_to_median());
  // Delta(loc, event_dim = 1).
  dist::DistPtr get_posterior() override;

  // An AutoMultivariateNormal on the same model with loc the current loc and covariance
  // H^-1, H the Hessian of minus the log joint in the unconstrained space at loc; its loc and
  // factors are fixed tensors, not parameters. A Hessian that is not finite or not positive
  // definite (loc is not at a mode) is an Error.
  std::shared_ptr<AutoMultivariateNormal> laplace_approximation();
  // That Hessian.
  at::Tensor hessian();

protected:
  std::pair<at::Tensor, at::Tensor> loc_scale() override;

private:
  at::Tensor loc();
};

} // namespace kiln::infer::autoguide
