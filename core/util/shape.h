#pragma once
// Shapes as plain vectors, with the broadcasting rules of NumPy and torch.

#include <cstdint>
#include <string>
#include <vector>

#include <c10/util/ArrayRef.h>

namespace kiln {

using Shape = std::vector<int64_t>;

inline Shape to_shape(c10::IntArrayRef sizes) {
  return Shape(sizes.begin(), sizes.end());
}

// The broadcast of two shapes; throws ShapeError naming both when they do not broadcast.
Shape broadcast_shapes(const Shape& a, const Shape& b);

// True when `from` can be expanded to `to` (torch's expand rules).
bool expandable(const Shape& from, const Shape& to);

Shape concat(const Shape& a, const Shape& b);

// The leading `dims.size() - n` entries (n counted from the right), or the trailing n.
Shape drop_right(const Shape& s, int64_t n);
Shape take_right(const Shape& s, int64_t n);

int64_t numel(const Shape& s);

// "(3, 2)", "()" — how Pyro's format_shapes prints a shape.
std::string format_shape(const Shape& s);

} // namespace kiln
