#pragma once
// poutine.seed: runs with the thread's random stream seeded, and restores the stream's former
// state afterwards, so a seeded call does not disturb the draws around it.

#include <cstdint>

#include <ATen/core/Generator.h>

#include "core/poutine/handler.h"
#include "core/poutine/model.h"

namespace kiln::poutine {

class SeedHandler : public Handler {
public:
  explicit SeedHandler(uint64_t seed) : seed_(seed) {}
  void enter() override;
  void exit() noexcept override;

private:
  uint64_t seed_;
  at::Tensor saved_state_;
};

Model seed(Model model, uint64_t seed);

} // namespace kiln::poutine
