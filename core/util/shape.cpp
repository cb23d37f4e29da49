#include "core/util/shape.h"

#include <algorithm>

#include "core/util/error.h"

namespace kiln {

Shape broadcast_shapes(const Shape& a, const Shape& b) {
  const size_t n = std::max(a.size(), b.size());
  Shape out(n, 1);
  for (size_t i = 0; i < n; ++i) {
    const int64_t da = i < a.size() ? a[a.size() - 1 - i] : 1;
    const int64_t db = i < b.size() ? b[b.size() - 1 - i] : 1;
    if (da != db && da != 1 && db != 1)
      throw ShapeError("shapes " + format_shape(a) + " and " + format_shape(b) +
                       " cannot be broadcast together");
    out[n - 1 - i] = da == 1 ? db : da;
  }
  return out;
}

bool expandable(const Shape& from, const Shape& to) {
  if (from.size() > to.size())
    return false;
  for (size_t i = 0; i < from.size(); ++i) {
    const int64_t f = from[from.size() - 1 - i];
    if (f != 1 && f != to[to.size() - 1 - i])
      return false;
  }
  return true;
}

Shape concat(const Shape& a, const Shape& b) {
  Shape out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

Shape drop_right(const Shape& s, int64_t n) {
  const auto keep = std::max<int64_t>(0, static_cast<int64_t>(s.size()) - n);
  return Shape(s.begin(), s.begin() + keep);
}

Shape take_right(const Shape& s, int64_t n) {
  const auto start = std::max<int64_t>(0, static_cast<int64_t>(s.size()) - n);
  return Shape(s.begin() + start, s.end());
}

int64_t numel(const Shape& s) {
  int64_t n = 1;
  for (auto d : s)
    n *= d;
  return n;
}

std::string format_shape(const Shape& s) {
  std::string out = "(";
  for (size_t i = 0; i < s.size(); ++i) {
    if (i)
      out += ", ";
    out += std::to_string(s[i]);
  }
  if (s.size() == 1)
    out += ",";
  return out + ")";
}

} // namespace kiln
