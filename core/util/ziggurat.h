#pragma once
// Standard normal draws by Marsaglia and Tsang's ziggurat ("The Ziggurat Method for Generating
// Random Variables", J. Stat. Softw. 5(8), 2000) with 256 layers, from xoshiro256++ (Blackman
// and Vigna). Nearly every draw costs one 64-bit random number, a table look-up and a multiply,
// where Box-Muller costs a log and a sincos: SVI draws the noise of every guide sample each step.

#include <array>
#include <cstdint>

namespace kiln {

// xoshiro256++, its state expanded from one seed by splitmix64.
class Xoshiro256 {
public:
  explicit Xoshiro256(uint64_t seed);
  uint64_t next() {
    const uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// The layers for f(x) = exp(-x^2 / 2): layer i (1 <= i < 256) is the box [0, x[i]] x [f[i],
// f[i + 1]], all of area v; x[1] = r starts the tail, x[0] = v / f(r) is the width the base
// strip (the box under f(r) plus the tail) would have as a box, and x[256] = 0.
struct ZigguratLayers {
  std::array<double, 257> x{}, f{};
  double r = 0, v = 0;
};
const ZigguratLayers& ziggurat_layers();

// n standard normal draws into `out`.
void ziggurat_fill(Xoshiro256& rng, double* out, int64_t n);

} // namespace kiln
