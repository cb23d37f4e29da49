#include "app/kiln/sigint_guard.h"

#include <csignal>

namespace kiln::cli {

namespace {

// A lock-free atomic store is all a signal handler may do here.
std::atomic<bool> interrupted_flag{false};

void on_sigint(int) {
  interrupted_flag.store(true);
  std::signal(SIGINT, SIG_DFL);
}

} // namespace

SigintGuard::SigintGuard() : previous_(std::signal(SIGINT, on_sigint)) {
  interrupted_flag.store(false);
}

SigintGuard::~SigintGuard() {
  std::signal(SIGINT, previous_ == SIG_ERR ? SIG_DFL : previous_);
}

const std::atomic<bool>* SigintGuard::interrupted() {
  return &interrupted_flag;
}

} // namespace kiln::cli
