#include "core/poutine/handlers/seed.h"

#include <mutex>

#include <ATen/ATen.h>

#include "core/util/random.h"

namespace kiln::poutine {

void SeedHandler::enter() {
  auto& gen = generator();
  {
    std::lock_guard<std::mutex> lock(gen.mutex());
    saved_state_ = gen.get_state();
  }
  manual_seed(seed_);
}

void SeedHandler::exit() noexcept {
  auto& gen = generator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(saved_state_);
}

Model seed(Model model, uint64_t seed) {
  return with_handler<SeedHandler>(std::move(model), seed);
}

} // namespace kiln::poutine
