#include "app/kiln/run_progress.h"

#include <cstdio>

namespace kiln::cli {

using infer::mcmc::Phase;

RunProgress::RunProgress(std::ostream& err, int64_t chains, int64_t num_warmup, int64_t num_samples,
                         bool terminal)
    : err_(err), total_(num_warmup + num_samples), terminal_(terminal), chains_(chains) {}

void RunProgress::update(const infer::mcmc::IterationInfo& info) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (info.chain < 0 || info.chain >= static_cast<int64_t>(chains_.size()))
    return;
  ChainState& c = chains_[info.chain];
  if (c.phase != info.phase) {
    c.phase = info.phase;
    c.phase_iterations = 0;
    c.phase_leapfrogs = 0;
  }
  c.done = info.iteration + 1;
  ++c.phase_iterations;
  c.phase_leapfrogs += info.stats.n_leapfrog;
  if (info.stats.diverging)
    ++(info.phase == Phase::Warmup ? c.warmup_divergences : c.divergences);
  c.step_size = info.stats.step_size;

  if (terminal_) {
    const auto now = std::chrono::steady_clock::now();
    if (!drawn_ || now - last_draw_ >= std::chrono::milliseconds(100))
      redraw();
    return;
  }
  const int64_t tenths = total_ > 0 ? c.done * 10 / total_ : 10;
  if (tenths > c.tenths_reported) {
    c.tenths_reported = tenths;
    err_ << line(info.chain) << "\n" << std::flush;
  }
}

void RunProgress::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (terminal_ && drawn_)
    redraw();
}

std::string RunProgress::line(int64_t chain) const {
  const ChainState& c = chains_[chain];
  if (c.done == 0)
    return "chain " + std::to_string(chain + 1) + "/" + std::to_string(chains_.size()) +
           "  starting";
  const bool warmup = c.phase == Phase::Warmup;
  char text[200];
  std::snprintf(text, sizeof text,
                "chain %lld/%lld  %3lld%%  iteration %lld/%lld (%s)  divergences %lld  "
                "step size %.3g  leapfrogs/draw %.1f",
                static_cast<long long>(chain + 1), static_cast<long long>(chains_.size()),
                static_cast<long long>(total_ > 0 ? c.done * 100 / total_ : 100),
                static_cast<long long>(c.done), static_cast<long long>(total_),
                warmup ? "warmup" : "sampling",
                static_cast<long long>(warmup ? c.warmup_divergences : c.divergences), c.step_size,
                c.phase_iterations > 0 ? static_cast<double>(c.phase_leapfrogs) /
                                             static_cast<double>(c.phase_iterations)
                                       : 0.0);
  return text;
}

void RunProgress::redraw() {
  // Back to the first chain's line, then each line cleared and written again.
  if (drawn_)
    err_ << "\x1b[" << chains_.size() << "A";
  for (size_t c = 0; c < chains_.size(); ++c)
    err_ << "\r\x1b[K" << line(static_cast<int64_t>(c)) << "\n";
  err_ << std::flush;
  drawn_ = true;
  last_draw_ = std::chrono::steady_clock::now();
}

} // namespace kiln::cli
