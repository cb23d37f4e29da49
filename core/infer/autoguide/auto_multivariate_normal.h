#pragma once
// AutoMultivariateNormal: a full-covariance Normal over the latent vector (Pyro's):
// "AutoMultivariateNormal.loc" (real, first the prototype's values),
// "AutoMultivariateNormal.scale" (softplus_positive, first init_scale) and
// "AutoMultivariateNormal.scale_tril" (unit_lower_cholesky, first the identity); the
// covariance's Cholesky factor is scale[:, None] * scale_tril.
#include "core/infer/autoguide/auto_continuous.h"

namespace kiln::infer::autoguide {

class AutoLaplaceApproximation;

class AutoMultivariateNormal : public AutoContinuous {
public:
  explicit AutoMultivariateNormal(poutine::Model model, InitFn init_loc_fn = init_to_median(),
                                  double init_scale = 0.1);
  // MultivariateNormal(loc, scale_tril = scale[:, None] * scale_tril).
  dist::DistPtr get_posterior() override;
  // Whether loc, scale and scale_tril are fixed tensors rather than parameters (the guide
  // AutoLaplaceApproximation::laplace_approximation returns: nothing to train).
  bool is_fixed() const { return fixed_loc_.defined(); }

protected:
  std::pair<at::Tensor, at::Tensor> loc_scale() override;

private:
  friend class AutoLaplaceApproximation;
  struct Factors {
    at::Tensor loc, scale, scale_tril;
  };
  Factors factors();

  double init_scale_;
  at::Tensor fixed_loc_, fixed_scale_, fixed_scale_tril_;
};

} // namespace kiln::infer::autoguide
