#include "app/kiln/sparkline.h"

#include <algorithm>
#include <cmath>

namespace kiln::cli {

std::string sparkline(const std::vector<double>& values, size_t width) {
  std::vector<double> finite;
  for (double v : values)
    if (std::isfinite(v))
      finite.push_back(v);
  if (finite.empty() || width == 0)
    return {};
  const size_t n = std::min(width, finite.size());
  std::vector<double> buckets(n);
  for (size_t b = 0; b < n; ++b) {
    const size_t begin = b * finite.size() / n, end = (b + 1) * finite.size() / n;
    double sum = 0.0;
    for (size_t i = begin; i < end; ++i)
      sum += finite[i];
    buckets[b] = sum / static_cast<double>(end - begin);
  }
  static const char* kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  const auto [lo, hi] = std::minmax_element(buckets.begin(), buckets.end());
  const double range = *hi - *lo;
  std::string line;
  for (double v : buckets) {
    const int level = range > 0.0 ? static_cast<int>(std::lround((v - *lo) / range * 7.0)) : 0;
    line += kBlocks[std::clamp(level, 0, 7)];
  }
  return line;
}

} // namespace kiln::cli
