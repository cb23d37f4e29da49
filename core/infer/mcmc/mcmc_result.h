#pragma once
// What an MCMC run returns: per chain, the kept draws of every site, the sampler statistics,
// what warmup adapted, and timings.

#include <cstdint>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/infer/mcmc/sampler_stats.h"
#include "core/poutine/model.h"

namespace kiln::infer::mcmc {

struct ChainResult {
  int64_t chain = 0; // 0-based index
  uint64_t seed = 0; // chain_seed(run seed, chain)
  // Per latent and deterministic site, the kept draws: [draws, ...site shape], constrained.
  poutine::ValueMap samples;
  // The kept draws on the unconstrained space: [draws, dim], float64.
  at::Tensor unconstrained;
  std::vector<SamplerStats> warmup_stats; // one per warmup iteration run
  std::vector<SamplerStats> stats;        // one per kept draw
  // What warmup left: the step size (nominal) and M^-1, [dim] (diagonal) or [dim, dim].
  double step_size = 0.0;
  at::Tensor inverse_mass_matrix;
  double warmup_s = 0.0;      // wall seconds from the end of initialization to the end of warmup
  double sampling_s = 0.0;    // wall seconds of the sampling iterations, recording included
  int64_t num_warmup_run = 0; // iterations run, fewer than asked when cancelled
  int64_t num_samples_run = 0;

  int64_t num_draws() const { return static_cast<int64_t>(stats.size()); }
  int64_t num_divergences() const;
};

struct MCMCResult {
  // The recorded sites, in the model's order: latent sites, then deterministic ones.
  std::vector<std::string> latent_sites;
  std::vector<std::string> deterministic_sites;
  std::vector<ChainResult> chains;
  bool cancelled = false; // the cancel flag stopped some chain before its last iteration

  // Pyro's MCMC.get_samples: per site, every chain's draws one after another,
  // [chains * draws, ...shape], or with group_by_chain, [chains, draws, ...shape] (chains cut
  // to the shortest, which only a cancelled run has).
  poutine::ValueMap get_samples(bool group_by_chain = false) const;
  int64_t num_divergences() const;
};

} // namespace kiln::infer::mcmc
