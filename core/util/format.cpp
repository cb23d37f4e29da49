#include "core/util/format.h"

#include <cmath>
#include <cstdio>

#include <ATen/ATen.h>

namespace kiln {

std::string format_number(double x) {
  if (std::isnan(x))
    return "nan";
  if (std::isinf(x))
    return x > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

namespace {

std::string format_rows(const at::Tensor& t, int64_t max_items) {
  if (t.dim() == 0)
    return format_number(t.item<double>());
  std::string out = "[";
  const int64_t n = t.size(0);
  for (int64_t i = 0; i < n; ++i) {
    if (i)
      out += ", ";
    if (i == max_items && n > max_items + 1) {
      out += "...";
      i = n - 2;
      continue;
    }
    out += format_rows(t[i], max_items);
  }
  return out + "]";
}

} // namespace

std::string format_values(const at::Tensor& t, int64_t max_items) {
  return format_rows(t.detach().to(at::kDouble).cpu(), max_items);
}

} // namespace kiln
