#pragma once
// The kernels' uniform and normal draws, taken straight from the calling thread's generator
// (kiln::generator()): a few draws per tree node, where an ATen op per draw would cost more
// than the arithmetic around it. Seeding the thread (manual_seed) makes a chain reproducible.

namespace at {
class CPUGeneratorImpl;
}

namespace kiln::infer::mcmc {

// Holds the calling thread's generator; use it on that thread only, and do not keep it past
// a change of the thread's generator.
class RandomSource {
public:
  RandomSource();

  // Uniform on [0, 1), 53 random bits.
  double uniform();
  // Standard normal (Box-Muller, both values used).
  double normal();

private:
  at::CPUGeneratorImpl* gen_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

} // namespace kiln::infer::mcmc
