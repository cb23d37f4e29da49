#pragma once
// The live progress of `kiln run` on stderr: one line per chain with its iteration, phase,
// divergences so far, step size and leapfrog steps per draw. On a terminal the lines are
// redrawn in place (at most ten times a second); into a file or pipe, a chain's line is
// printed each time it passes another tenth of its iterations, so logs stay short.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "core/infer/mcmc/iteration_info.h"

namespace kiln::cli {

class RunProgress {
public:
  RunProgress(std::ostream& err, int64_t chains, int64_t num_warmup, int64_t num_samples,
              bool terminal);

  // The runner's callback: safe to call from several chains' threads at once.
  void update(const infer::mcmc::IterationInfo& info);
  // Draws the final state of every line (on a terminal); call once the run is over.
  void finish();

private:
  struct ChainState {
    int64_t done = 0; // iterations finished
    infer::mcmc::Phase phase = infer::mcmc::Phase::Warmup;
    int64_t phase_iterations = 0; // in the current phase, for leapfrogs per draw
    int64_t phase_leapfrogs = 0;
    int64_t warmup_divergences = 0;
    int64_t divergences = 0; // while sampling
    double step_size = 0.0;
    int64_t tenths_reported = 0;
  };

  std::string line(int64_t chain) const;
  void redraw();

  std::ostream& err_;
  const int64_t total_;
  const bool terminal_;
  std::mutex mutex_;
  std::vector<ChainState> chains_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_;
};

} // namespace kiln::cli
