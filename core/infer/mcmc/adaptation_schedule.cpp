#include "core/infer/mcmc/adaptation_schedule.h"

#include <string>

#include "core/util/error.h"

namespace kiln::infer::mcmc {

std::vector<AdaptationWindow> adaptation_windows(int64_t num_warmup, const WindowConfig& config) {
  if (config.init_buffer < 0 || config.term_buffer < 0 || config.base_window < 1)
    throw DomainError("adaptation windows: init_buffer " + std::to_string(config.init_buffer) +
                      ", base_window " + std::to_string(config.base_window) + ", term_buffer " +
                      std::to_string(config.term_buffer) +
                      ": the buffers must be non-negative and the base window positive");
  std::vector<AdaptationWindow> windows;
  if (num_warmup < 20)
    return windows;
  int64_t init = config.init_buffer, term = config.term_buffer, size = config.base_window;
  if (init + size + term > num_warmup) {
    init = static_cast<int64_t>(0.15 * num_warmup);
    term = static_cast<int64_t>(0.10 * num_warmup);
    size = num_warmup - init - term;
  }
  const int64_t last = num_warmup - term - 1; // the last iteration any window may reach
  AdaptationWindow window{init, init + size - 1};
  for (;;) {
    windows.push_back(window);
    if (window.end >= last)
      break;
    size *= 2;
    AdaptationWindow next{window.end + 1, window.end + size};
    // Stretch this window to the terminal buffer if the one after it would not fit.
    if (next.end != last && next.end + 2 * size >= num_warmup - term)
      next.end = last;
    window = next;
  }
  return windows;
}

} // namespace kiln::infer::mcmc
