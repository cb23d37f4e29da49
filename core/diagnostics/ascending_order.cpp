#include "core/diagnostics/ascending_order.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

namespace kiln::diagnostics {

namespace {

// A double's bits as an unsigned key with the same order: negative numbers have every bit
// flipped, positive ones only the sign bit.
uint64_t sort_key(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return (bits >> 63) != 0 ? ~bits : bits | (uint64_t{1} << 63);
}

constexpr int kDigitBits = 11;
constexpr int kDigits = (64 + kDigitBits - 1) / kDigitBits; // 6
constexpr uint64_t kDigitMask = (uint64_t{1} << kDigitBits) - 1;

// Below this size a comparison sort is as fast and allocates less.
constexpr int64_t kRadixMin = 256;

} // namespace

std::vector<int64_t> ascending_order(const double* values, int64_t n) {
  std::vector<int64_t> order(n);
  if (n < kRadixMin) {
    std::vector<std::pair<double, int64_t>> pairs(n);
    for (int64_t i = 0; i < n; ++i)
      pairs[i] = {values[i], i};
    std::sort(pairs.begin(), pairs.end());
    for (int64_t i = 0; i < n; ++i)
      order[i] = pairs[i].second;
    return order;
  }
  // Least significant digit first: each pass is a stable counting sort on one 11-bit digit;
  // a digit that all keys share needs no pass.
  std::vector<uint64_t> keys(n);
  std::vector<uint64_t> keys_out(n);
  std::vector<int64_t> order_out(n);
  std::vector<std::array<uint32_t, size_t{1} << kDigitBits>> counts(kDigits);
  for (auto& c : counts)
    c.fill(0);
  for (int64_t i = 0; i < n; ++i) {
    keys[i] = sort_key(values[i]);
    order[i] = i;
    for (int d = 0; d < kDigits; ++d)
      ++counts[d][(keys[i] >> (d * kDigitBits)) & kDigitMask];
  }
  for (int d = 0; d < kDigits; ++d) {
    auto& count = counts[d];
    const int shift = d * kDigitBits;
    if (count[(keys[0] >> shift) & kDigitMask] == static_cast<uint32_t>(n))
      continue;
    uint32_t start = 0;
    for (uint32_t& c : count)
      start += std::exchange(c, start);
    for (int64_t i = 0; i < n; ++i) {
      const uint32_t at = count[(keys[i] >> shift) & kDigitMask]++;
      keys_out[at] = keys[i];
      order_out[at] = order[i];
    }
    keys.swap(keys_out);
    order.swap(order_out);
  }
  return order;
}

} // namespace kiln::diagnostics
