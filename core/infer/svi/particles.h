#pragma once
// What every ELBO does first: run the guide, replay the model against it, and score both
// traces (Pyro's get_importance_trace). Also the plate bookkeeping shared by the estimators:
// the plate nesting found from a first run, the vectorized-particles plate, and the
// Rao-Blackwellized sums of log-density ratios (Pyro's MultiFrameTensor.sum_to).
#include <cstdint>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/infer/svi/elbo.h"
#include "core/poutine/model.h"
#include "core/poutine/trace.h"

namespace kiln::infer::svi {

// One draw from the guide and the model replayed against it, with log densities computed
// (Site::log_prob scaled and masked) in both traces.
struct Particle {
  poutine::Trace model_trace;
  poutine::Trace guide_trace;
};

// The plate that carries vectorized particles.
inline constexpr const char* kParticlesPlate = "num_particles_vectorized";

// The largest number of vectorized plates any sample site of the model or the guide sits in
// (Pyro's _guess_max_plate_nesting), from one run of both outside any particle plate.
int64_t find_max_plate_nesting(const poutine::Model& model, const poutine::Model& guide);

// The particles one estimate uses: `num_particles` runs, or one run with every site batched
// along the particles plate at dim -max_plate_nesting - 1 when vectorized (then the traces
// hold all the particles, and the caller divides sums by num_particles). A vectorized config
// whose max_plate_nesting is -1 gets it from a first run here.
std::vector<Particle> draw_particles(ElboConfig& config, const poutine::Model& model,
                                     const poutine::Model& guide);

// Param-store names of the params both traces read, model first, each once.
std::vector<std::string> read_params(const Particle& particle);

// "site 'x' of the guide" for the first sample site whose log density sums to a value that is
// not finite; empty when all are finite.
std::string nonfinite_site(const Particle& particle);

// The vectorized plates of a site (those whose dims log densities carry).
std::vector<poutine::CondIndepFrame> vectorized_frames(const poutine::Site& site);

// A log-density term and the vectorized plates it sits in.
struct PlateTerm {
  std::vector<poutine::CondIndepFrame> frames;
  at::Tensor value;
};

// The sum of the terms, each first summed over the dims of its plates that are not among
// `target` (keeping the dim), with leading size-1 dims dropped: the part of a cost that a site
// in the plates `target` can influence (Pyro's MultiFrameTensor.sum_to). An empty list is an
// undefined tensor.
at::Tensor sum_to(const std::vector<PlateTerm>& terms,
                  const std::vector<poutine::CondIndepFrame>& target);

} // namespace kiln::infer::svi
