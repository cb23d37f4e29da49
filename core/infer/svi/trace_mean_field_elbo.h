#pragma once
// Pyro's TraceMeanField_ELBO: for a guide that factorizes over the model's latent sites, each
// latent site contributes -KL(guide || model prior) in closed form where core/dist/kl.h has
// the pair, and the Monte Carlo log ratio otherwise. Same expectation as Trace_ELBO, lower
// variance. Every guide site must be reparameterized (a NotSupportedError otherwise).
#include "core/infer/svi/elbo.h"

namespace kiln::infer::svi {

class TraceMeanField_ELBO : public ELBO {
public:
  using ELBO::ELBO;
  ElboEstimate estimate(const poutine::Model& model, const poutine::Model& guide) override;
};

} // namespace kiln::infer::svi
