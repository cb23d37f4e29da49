#pragma once
// Pyro's Trace_ELBO: the ELBO of each particle from the log densities of both traces, with the
// gradient by reparameterization where the guide samples with rsample and by the score
// function elsewhere. A score-function term is multiplied by the log-density ratio of the sites
// in the same plates only (the plates' Rao-Blackwellization; Pyro's _compute_log_r / sum_to).
#include "core/infer/svi/elbo.h"

namespace kiln::infer::svi {

class Trace_ELBO : public ELBO {
public:
  using ELBO::ELBO;
  ElboEstimate estimate(const poutine::Model& model, const poutine::Model& guide) override;
  at::Tensor differentiable_loss(const poutine::Model& model, const poutine::Model& guide) override;
};

} // namespace kiln::infer::svi
