#include "core/util/random.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include "core/util/ziggurat.h"

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
  if (recording_noise)
    return at::empty(shape, options).normal_(0, 1);
  at::Tensor eps = at::empty(shape, options.dtype(at::kDouble));
  fill_standard_normal(eps.data_ptr<double>(), eps.numel());
  return eps.to(options.dtype());
}

void fill_standard_normal(double* out, int64_t n) {
  uint64_t seed;
  {
    at::Generator& gen = generator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    seed = at::check_generator<at::CPUGeneratorImpl>(gen)->random64();
  }
  Xoshiro256 rng(seed);
  ziggurat_fill(rng, out, n);
}

NoiseRecording::NoiseRecording() : previous_(recording_noise) {
  recording_noise = true;
}

NoiseRecording::~NoiseRecording() {
  recording_noise = previous_;
}

} // namespace kiln
