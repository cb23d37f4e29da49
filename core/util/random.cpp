#include "core/util/random.h"

#include <ATen/CPUGeneratorImpl.h>

namespace kiln {

namespace {
constexpr uint64_t kDefaultSeed = 20261123;
}

at::Generator& generator() {
  thread_local at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(kDefaultSeed);
  return gen;
}

void manual_seed(uint64_t seed) {
  auto& gen = generator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_current_seed(seed);
}

} // namespace kiln
