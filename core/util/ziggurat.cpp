#include "core/util/ziggurat.h"

#include <cmath>
#include <cstring>

namespace kiln {

namespace {

double density(double x) {
  return std::exp(-0.5 * x * x);
}

// The mass of f beyond r.
double tail_mass(double r) {
  return std::sqrt(M_PI / 2) * std::erfc(r / std::sqrt(2.0));
}

// Stacks 255 layers of equal area on the base strip that starts the tail at r. Returns how far
// the last layer's area overshoots the top (f(0) = 1): positive when r is too small.
double stack(double r, ZigguratLayers& z) {
  z.r = r;
  z.v = r * density(r) + tail_mass(r);
  z.x[1] = r;
  for (int i = 1; i < 255; ++i) {
    const double top = density(z.x[i]) + z.v / z.x[i];
    if (top >= 1)
      return 1;
    z.x[i + 1] = std::sqrt(-2 * std::log(top));
  }
  return density(z.x[255]) + z.v / z.x[255] - 1;
}

ZigguratLayers build() {
  ZigguratLayers z;
  double lo = 3, hi = 4.5;
  for (int k = 0; k < 200; ++k) {
    const double mid = 0.5 * (lo + hi);
    (stack(mid, z) > 0 ? lo : hi) = mid;
  }
  stack(hi, z);
  z.x[0] = z.v / density(z.r);
  z.x[256] = 0;
  for (int i = 1; i <= 256; ++i)
    z.f[i] = density(z.x[i]);
  return z;
}

// A uniform draw in (0, 1) from the top 53 bits.
double uniform_open(Xoshiro256& rng) {
  return (static_cast<double>(rng.next() >> 11) + 0.5) * 0x1.0p-53;
}

} // namespace

Xoshiro256::Xoshiro256(uint64_t seed) {
  for (uint64_t& s : s_) {
    seed += 0x9e3779b97f4a7c15ULL;
    uint64_t z = seed;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    s = z ^ (z >> 31);
  }
}

const ZigguratLayers& ziggurat_layers() {
  static const ZigguratLayers layers = build();
  return layers;
}

namespace {

// The draws that leave the box of their layer (about 1.2%): the tail beyond r for the base
// strip, else the wedge test against the density.
double outside_box(Xoshiro256& rng, const ZigguratLayers& z, int i, double x, double sign) {
  for (;;) {
    if (i == 0) {
      // Marsaglia's tail method: r + a with a exponential, accepted with probability
      // exp(-a^2 / 2).
      double a, b;
      do {
        a = -std::log(uniform_open(rng)) / z.r;
        b = -std::log(uniform_open(rng));
      } while (b + b < a * a);
      return sign * (z.r + a);
    }
    const double y = z.f[i] + uniform_open(rng) * (z.f[i + 1] - z.f[i]);
    if (y < density(x))
      return sign * x;
    // Rejected: a fresh draw, which usually lands inside its box.
    const uint64_t bits = rng.next();
    i = static_cast<int>(bits & 0xff);
    sign = (bits & 0x100) ? -1.0 : 1.0;
    x = static_cast<double>(static_cast<int64_t>(bits >> 11)) * 0x1.0p-53 * z.x[i];
    if (x < z.x[i + 1])
      return sign * x;
  }
}

} // namespace

void ziggurat_fill(Xoshiro256& rng, double* out, int64_t n) {
  const ZigguratLayers& z = ziggurat_layers();
  Xoshiro256 local = rng; // in registers: `out` might alias the caller's generator
  for (int64_t k = 0; k < n; ++k) {
    // Bits 0-7 pick the layer, bit 8 the sign, bits 11-63 the position along the layer.
    const uint64_t bits = local.next();
    const int i = static_cast<int>(bits & 0xff);
    const double x = static_cast<double>(static_cast<int64_t>(bits >> 11)) * 0x1.0p-53 * z.x[i];
    if (x < z.x[i + 1]) {
      // The sign bit set from bit 8 without a branch: the sign is a coin flip, which a branch
      // predictor misses half the time.
      uint64_t signed_x;
      std::memcpy(&signed_x, &x, sizeof x);
      signed_x ^= (bits & 0x100) << 55;
      std::memcpy(out + k, &signed_x, sizeof x);
    } else {
      out[k] = outside_box(local, z, i, x, (bits & 0x100) ? -1.0 : 1.0);
    }
  }
  rng = local;
}

} // namespace kiln
