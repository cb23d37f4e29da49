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
  uint64_t next();

private:
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

// One standard normal draw.
double ziggurat_normal(Xoshiro256& rng);

} // namespace kiln
