#pragma once
// The random stream of the calling thread. Every sampler in Kiln draws from it, so seeding a
// thread makes everything that thread runs reproducible, and chains on different threads never
// share a stream.

#include <cstdint>

#include <ATen/core/Generator.h>

namespace kiln {

// The current thread's generator (created on first use with a fixed default seed).
at::Generator& generator();

// Reseeds the current thread's generator.
void manual_seed(uint64_t seed);

} // namespace kiln
