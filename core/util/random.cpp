#include "core/util/random.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

namespace kiln {

namespace {
constexpr uint64_t kDefaultSeed = 20261123;
thread_local bool recording_noise = false;
} // namespace

at::Generator& generator() {
  thread_local at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(kDefaultSeed);
  return gen;
}

void manual_seed(uint64_t seed) {
  auto& gen = generator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_current_seed(seed);
}

at::Tensor standard_normal(at::IntArrayRef shape, const at::TensorOptions& options) {
  at::Tensor eps = at::empty(shape, options);
  return recording_noise ? eps.normal_(0, 1) : eps.normal_(0, 1, generator());
}

NoiseRecording::NoiseRecording() : previous_(recording_noise) {
  recording_noise = true;
}

NoiseRecording::~NoiseRecording() {
  recording_noise = previous_;
}

} // namespace kiln
