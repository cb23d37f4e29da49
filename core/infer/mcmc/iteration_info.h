#pragma once
// What the runner's callback sees after each iteration of a chain, warmup and sampling alike:
// the CLI's progress line and the workbench's live plots read it.

#include <cstdint>
#include <functional>
#include <vector>

#include "core/infer/mcmc/sampler_stats.h"
#include "core/poutine/model.h"

namespace kiln::infer::mcmc {

enum class Phase { Warmup, Sampling };

class IterationInfo {
public:
  // Builds the constrained draw on demand (a run of the model); the runner supplies it.
  using DrawFn = std::function<const poutine::ValueMap&()>;

  IterationInfo(int64_t chain, int64_t iteration, Phase phase, const SamplerStats& stats,
                const std::vector<double>& position, DrawFn draw)
      : chain(chain), iteration(iteration), phase(phase), stats(stats), position(position),
        draw_(std::move(draw)) {}

  int64_t chain;     // 0-based
  int64_t iteration; // 0-based, counting warmup iterations first, then sampling ones
  Phase phase;
  const SamplerStats& stats;
  const std::vector<double>& position; // the draw on the unconstrained space

  // The draw: the constrained value of every latent site and the value of every deterministic
  // site. Computed on the first call (one run of the model), so a callback that only reports
  // progress costs nothing; valid during the callback only.
  const poutine::ValueMap& draw() const { return draw_(); }

private:
  DrawFn draw_;
};

// Called after every iteration, from the chain's thread: with chains in parallel, from several
// threads at once, so it must synchronize whatever it shares. An exception it throws stops
// the run and reaches the caller of run_mcmc.
using IterationCallback = std::function<void(const IterationInfo&)>;

} // namespace kiln::infer::mcmc
