#pragma once
// The evidence lower bound and its gradient estimators (Pyro's ELBO family). Every estimator
// runs the guide, replays the model against the guide's values, and returns the loss (minus the
// ELBO estimate) with a surrogate scalar whose gradient is the estimator's gradient of the loss:
// for reparameterized sites the loss itself, for the others a score-function term.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/poutine/model.h"

namespace kiln::infer::svi {

struct ElboConfig {
  int64_t num_particles = 1;
  // Draws the particles at once along an extra outermost plate ("num_particles_vectorized",
  // dim -max_plate_nesting - 1) instead of running the model and guide once per particle.
  bool vectorize_particles = false;
  // How many batch dims the model's and guide's plates use (Pyro's max_plate_nesting);
  // -1: found from a first run of both.
  int64_t max_plate_nesting = -1;
};

struct ElboEstimate {
  // Minus the ELBO estimate, averaged over the particles.
  double loss = 0.0;
  // A scalar whose gradient with respect to the parameters is the gradient estimate of `loss`.
  at::Tensor surrogate;
  // The param-store names of the parameters the model and the guide read: what a step trains.
  std::vector<std::string> params;
  // When `loss` is not finite: the first site whose log density is not ("site 'z' of the
  // guide"), for the error SVI raises; empty otherwise.
  std::string nonfinite_site;
};

class ELBO {
public:
  explicit ELBO(ElboConfig config = {}) : config_(config) {}
  virtual ~ELBO() = default;

  // One estimate from `num_particles` runs of the guide and the model replayed against it.
  // Not const: an estimator may keep state between steps (TraceGraph_ELBO's baselines, the
  // plate nesting found at the first call).
  virtual ElboEstimate estimate(const poutine::Model& model, const poutine::Model& guide) = 0;

  // The loss alone, without building the gradient graph.
  double loss(const poutine::Model& model, const poutine::Model& guide);

  // One particle's loss as a tensor whose gradient is the estimator's (Pyro's
  // differentiable_loss), computed without reading any value back into C++: what the compiled
  // tier records. For guides whose sampled sites are all reparameterized (score-function terms
  // are not built here). NotSupportedError for an estimator without one.
  virtual at::Tensor differentiable_loss(const poutine::Model& model, const poutine::Model& guide);

  const ElboConfig& config() const { return config_; }

protected:
  ElboConfig config_;
};

using ElboPtr = std::shared_ptr<ELBO>;

} // namespace kiln::infer::svi
