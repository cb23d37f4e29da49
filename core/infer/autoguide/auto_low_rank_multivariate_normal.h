#pragma once
// AutoLowRankMultivariateNormal: a Normal over the latent vector whose covariance is low rank
// plus diagonal (Pyro's): "<name>.loc" (real), "<name>.scale" (softplus_positive, first
// sqrt(1/2) * init_scale) and "<name>.cov_factor" (real, latent_dim x rank, first random with
// sd 1/sqrt(rank)); the covariance is D (W W^T + I) D with W = cov_factor, D = diag(scale).
#include <optional>

#include "core/infer/autoguide/auto_continuous.h"

namespace kiln::infer::autoguide {

class AutoLowRankMultivariateNormal : public AutoContinuous {
public:
  // `rank` absent: round(sqrt(latent_dim)), as Pyro.
  explicit AutoLowRankMultivariateNormal(poutine::Model model,
                                         InitFn init_loc_fn = init_to_median(),
                                         double init_scale = 0.1,
                                         std::optional<int64_t> rank = std::nullopt);
  // LowRankMultivariateNormal(loc, cov_factor * scale[:, None], scale^2).
  dist::DistPtr get_posterior() override;
  // The rank (after setup when it was not given).
  int64_t rank();

protected:
  void setup_prototype() override;
  std::pair<at::Tensor, at::Tensor> loc_scale() override;

private:
  struct Factors {
    at::Tensor loc, scale, cov_factor;
  };
  Factors factors();

  double init_scale_;
  std::optional<int64_t> rank_;
};

} // namespace kiln::infer::autoguide
