#include "core/util/random.h"

#include <unordered_map>
#include <vector>

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

namespace {

uint64_t seed_from_generator() {
  at::Generator& gen = generator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  return at::check_generator<at::CPUGeneratorImpl>(gen)->random64();
}

// Uniform on 0..m-1 without bias (Lemire, "Fast Random Integer Generation in an Interval",
// ACM TOMACS 29(1), 2019).
uint64_t below(Xoshiro256& rng, uint64_t m) {
  unsigned __int128 product = static_cast<unsigned __int128>(rng.next()) * m;
  uint64_t low = static_cast<uint64_t>(product);
  if (low < m) {
    const uint64_t threshold = -m % m;
    while (low < threshold) {
      product = static_cast<unsigned __int128>(rng.next()) * m;
      low = static_cast<uint64_t>(product);
    }
  }
  return static_cast<uint64_t>(product >> 64);
}

} // namespace

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
  Xoshiro256 rng(seed_from_generator());
  ziggurat_fill(rng, out, n);
}

void random_subset(int64_t size, int64_t count, int64_t* out) {
  Xoshiro256 rng(seed_from_generator());
  // Step i swaps position i with a uniform one of i..size-1 and keeps what lands at i. A large
  // population records only the positions it displaced, so a minibatch costs its own size.
  if (count * 8 >= size) {
    std::vector<int64_t> order(size);
    for (int64_t i = 0; i < size; ++i)
      order[i] = i;
    for (int64_t i = 0; i < count; ++i) {
      const int64_t j = i + static_cast<int64_t>(below(rng, size - i));
      std::swap(order[i], order[j]);
      out[i] = order[i];
    }
    return;
  }
  std::unordered_map<int64_t, int64_t> displaced;
  displaced.reserve(2 * count);
  auto at = [&](int64_t k) {
    auto it = displaced.find(k);
    return it == displaced.end() ? k : it->second;
  };
  for (int64_t i = 0; i < count; ++i) {
    const int64_t j = i + static_cast<int64_t>(below(rng, size - i));
    const int64_t picked = at(j);
    displaced[j] = at(i);
    out[i] = picked;
  }
}

at::Tensor subsample_indices(int64_t size, int64_t count) {
  if (recording_noise)
    return at::randperm(size, at::kLong).narrow(0, 0, count);
  at::Tensor out = at::empty({count}, at::kLong);
  random_subset(size, count, out.data_ptr<int64_t>());
  return out;
}

NoiseRecording::NoiseRecording() : previous_(recording_noise) {
  recording_noise = true;
}

NoiseRecording::~NoiseRecording() {
  recording_noise = previous_;
}

} // namespace kiln
