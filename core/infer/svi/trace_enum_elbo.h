#pragma once
// TraceEnum_ELBO (Pyro's): the ELBO with discrete latent sites summed out exactly instead of
// sampled. Sites marked {"enumerate": "parallel"} (config_enumerate) are enumerated under
// poutine.enum, the guide's from dim -1 - max_plate_nesting leftwards and the model's further
// left. The model's sites that are enumerated in the model, or whose densities depend on one,
// are contracted by the sum-product of core/infer/enum (plates, markov chains), leaving one term
// per plate context; every cost (those terms, the other sites' log densities, minus the guide's)
// is then averaged over the guide's enumerated sites with their guide probabilities, and given
// the score-function factors of the guide's sampled sites without reparameterized draws (the
// DiCE estimator of Foerster et al. 2018, as Pyro's Dice), each cost weighed only by the guide
// sites in its plates or outside them.
//
// Restrictions as in Pyro: enumerated sites share one scalar poutine.scale (subsampling), a site
// enumerated in the model outside a plate must not depend on one enumerated in the guide inside
// it, and a guide's enumerated sites need dims of their own (no markov recycling in the guide).
#include <cstdint>

#include "core/infer/svi/elbo.h"

namespace kiln::infer::svi {

class TraceEnum_ELBO : public ELBO {
public:
  explicit TraceEnum_ELBO(ElboConfig config = {});

  ElboEstimate estimate(const poutine::Model& model, const poutine::Model& guide) override;
  at::Tensor differentiable_loss(const poutine::Model& model, const poutine::Model& guide) override;

  // The max_plate_nesting in use: the configured one, else the one found at the first call
  // (-1 before it).
  int64_t max_plate_nesting() const { return max_plate_nesting_; }

private:
  int64_t max_plate_nesting_;
};

} // namespace kiln::infer::svi
