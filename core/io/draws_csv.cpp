#include "core/io/draws_csv.h"

#include <cmath>
#include <cstdio>

#include <ATen/ATen.h>

#include "core/util/error.h"

namespace kiln::io {

std::vector<std::string> flat_names(const std::string& name, const Shape& shape) {
  const int64_t n = numel(shape);
  std::vector<std::string> names;
  names.reserve(n);
  Shape index(shape.size(), 0);
  for (int64_t k = 0; k < n; ++k) {
    std::string column = name;
    for (int64_t i : index)
      column += "." + std::to_string(i + 1);
    names.push_back(std::move(column));
    // Column-major: the first index varies fastest.
    for (size_t d = 0; d < index.size(); ++d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return names;
}

std::vector<double> flat_values(const at::Tensor& value) {
  std::vector<int64_t> reversed(value.dim());
  for (int64_t d = 0; d < value.dim(); ++d)
    reversed[d] = value.dim() - 1 - d;
  // Reversing the dims makes row-major order the original's column-major order.
  at::Tensor flat = value.detach().permute(reversed).contiguous().to(at::kDouble).flatten();
  const double* data = flat.data_ptr<double>();
  return std::vector<double>(data, data + flat.numel());
}

DrawsColumns::DrawsColumns(const std::vector<std::string>& order, const poutine::ValueMap& first) {
  for (const auto& name : order) {
    auto it = first.find(name);
    if (it == first.end() || !it->second.defined())
      throw Error("draws: no value for site '" + name + "'");
    const Shape shape = to_shape(it->second.sizes());
    sites_.emplace_back(name, shape);
    for (auto& column : flat_names(name, shape))
      names_.push_back(std::move(column));
  }
}

std::vector<double> DrawsColumns::row(const poutine::ValueMap& draw) const {
  std::vector<double> values;
  values.reserve(names_.size());
  for (const auto& [name, shape] : sites_) {
    auto it = draw.find(name);
    if (it == draw.end() || !it->second.defined())
      throw Error("draws: site '" + name + "' is missing from this draw (the first draw had it)");
    const Shape got = to_shape(it->second.sizes());
    if (got != shape)
      throw ShapeError("draws: site '" + name + "' has shape " + format_shape(got) +
                       " in this draw, but " + format_shape(shape) + " in the first");
    for (double x : flat_values(it->second))
      values.push_back(x);
  }
  return values;
}

std::string format_double(double x) {
  if (std::isnan(x))
    return "nan";
  if (std::isinf(x))
    return x > 0 ? "inf" : "-inf";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", x);
  return buffer;
}

void write_csv_line(std::ostream& out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0)
      out << ',';
    const std::string& cell = cells[i];
    if (cell.find_first_of(",\"\r\n") == std::string::npos) {
      out << cell;
      continue;
    }
    out << '"';
    for (char c : cell)
      out << (c == '"' ? "\"\"" : std::string(1, c));
    out << '"';
  }
  out << '\n';
}

void write_csv_line(std::ostream& out, const std::vector<double>& values) {
  for (size_t i = 0; i < values.size(); ++i)
    out << (i > 0 ? "," : "") << format_double(values[i]);
  out << '\n';
}

} // namespace kiln::io
