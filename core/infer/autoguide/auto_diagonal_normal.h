#pragma once
// AutoDiagonalNormal: a Normal with diagonal covariance over the latent vector (Pyro's):
// "AutoDiagonalNormal.loc" (real, first the prototype's values) and "AutoDiagonalNormal.scale"
// (softplus_positive, first init_scale).
#include "core/infer/autoguide/auto_continuous.h"

namespace kiln::infer::autoguide {

class AutoDiagonalNormal : public AutoContinuous {
public:
  explicit AutoDiagonalNormal(poutine::Model model, InitFn init_loc_fn = init_to_median(),
                              double init_scale = 0.1);
  // Normal(loc, scale).to_event(1).
  dist::DistPtr get_posterior() override;

protected:
  std::pair<at::Tensor, at::Tensor> loc_scale() override;

private:
  double init_scale_;
};

} // namespace kiln::infer::autoguide
