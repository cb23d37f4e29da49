#pragma once
// Ctrl-C during `kiln run`: the first one sets a flag the run checks between iterations or
// steps, so what was drawn or fitted is kept; a second one ends Kiln at once.

#include <atomic>

namespace kiln::cli {

// Catches SIGINT for the guard's lifetime and restores the previous handler after it.
class SigintGuard {
public:
  SigintGuard();
  ~SigintGuard();
  SigintGuard(const SigintGuard&) = delete;
  SigintGuard& operator=(const SigintGuard&) = delete;

  // Set by SIGINT while the guard lives; cleared when it is made.
  static const std::atomic<bool>* interrupted();

private:
  void (*previous_)(int);
};

} // namespace kiln::cli
