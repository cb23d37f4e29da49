#pragma once
// The random stream of the calling thread. Every sampler in Kiln draws from it, so seeding a
// thread makes everything that thread runs reproducible, and chains on different threads never
// share a stream.

#include <cstdint>

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

namespace kiln {

// The current thread's generator (created on first use with a fixed default seed).
at::Generator& generator();

// Reseeds the current thread's generator.
void manual_seed(uint64_t seed);

// Standard normal draws of `shape` from the thread's generator: the noise every
// reparameterized sampler draws. While a NoiseRecording is alive on the thread the draw names
// no generator, so that LibTorch's tracer (which cannot record one) records the op; the compiled
// tier then redraws it from the thread's generator on every run.
// The draws are the ziggurat's (ziggurat.h), seeded by one draw of the thread's generator.
at::Tensor standard_normal(at::IntArrayRef shape, const at::TensorOptions& options);

// n standard normal draws into `out`, from the thread's generator as standard_normal draws them.
void fill_standard_normal(double* out, int64_t n);

// `count` distinct indices of 0..size-1 in random order (the first `count` of a uniformly random
// permutation), from the thread's generator: a subsampling plate's minibatch. A partial
// Fisher-Yates shuffle seeded by one draw of the generator, so it costs O(count), not O(size).
// While a NoiseRecording is alive the draw is made by ops the tracer records (randperm, narrow),
// and the compiled tier redraws it with random_subset on every run.
at::Tensor subsample_indices(int64_t size, int64_t count);

// The same draw into `out` (count values), as subsample_indices makes it.
void random_subset(int64_t size, int64_t count, int64_t* out);

class NoiseRecording {
public:
  NoiseRecording();
  ~NoiseRecording();
  NoiseRecording(const NoiseRecording&) = delete;
  NoiseRecording& operator=(const NoiseRecording&) = delete;

private:
  bool previous_;
};

} // namespace kiln
