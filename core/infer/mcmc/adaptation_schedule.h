#pragma once
// Stan's windowed warmup schedule (Stan Reference Manual, "HMC algorithm parameters",
// automatic parameter tuning): a fast initial buffer where only the step size adapts, slow
// windows that double in length, at the end of each of which the mass matrix is re-estimated
// from that window's draws, and a fast terminal buffer where the step size settles on the
// final metric.

#include <cstdint>
#include <vector>

namespace kiln::infer::mcmc {

struct WindowConfig {
  int64_t init_buffer = 75;
  int64_t base_window = 25; // the first slow window; each next one is twice as long
  int64_t term_buffer = 50;
};

// A slow window: warmup iterations begin .. end, both included (0-based).
struct AdaptationWindow {
  int64_t begin = 0;
  int64_t end = 0;
};

// The slow windows of a warmup of `num_warmup` iterations, as Stan lays them out: none below
// 20 iterations; when the three stages do not fit, buffers of 15% and 10% of the warmup with one
// window between; a window whose successor would run past the terminal buffer is stretched to
// reach it. With the defaults and 1000 iterations: 75-99, 100-149, 150-249, 250-449, 450-949.
std::vector<AdaptationWindow> adaptation_windows(int64_t num_warmup, const WindowConfig& config);

} // namespace kiln::infer::mcmc
