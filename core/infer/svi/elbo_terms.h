#pragma once
// The pieces every ELBO of the Trace family shares: the ELBO of one particle with the
// reparameterized part of its surrogate (Pyro's _compute_elbo_reparam), the guide sites that
// need a score-function term, and the average over particles.
#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/infer/svi/elbo.h"
#include "core/infer/svi/particles.h"

namespace kiln::infer::svi {

struct ElboTerms {
  // Sum of the model's log densities minus the guide's.
  double elbo = 0.0;
  // A scalar with the gradient of `elbo` through the model's densities and the guide's
  // reparameterized (and observed) sites; score-function terms are added by the estimator.
  at::Tensor surrogate;
};

ElboTerms reparameterized_terms(const Particle& particle);

// The surrogate of reparameterized_terms alone, reading no value back (no `item()`): with every
// guide site reparameterized it is the particle's ELBO, which the compiled tier records.
at::Tensor reparameterized_surrogate(const Particle& particle);

// Latent guide sites drawn without rsample, in guide order.
std::vector<const poutine::Site*> score_function_sites(const Particle& particle);

// Averages particles into an estimate: loss = -mean elbo, surrogate = -mean surrogate.
class ElboAccumulator {
public:
  explicit ElboAccumulator(int64_t num_particles) : num_particles_(num_particles) {}
  void add(const Particle& particle, const ElboTerms& terms);
  ElboEstimate result() const { return estimate_; }

private:
  int64_t num_particles_;
  ElboEstimate estimate_;
};

} // namespace kiln::infer::svi
