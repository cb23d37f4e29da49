#include "core/diagnostics/summary_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <vector>

namespace kiln::diagnostics {

namespace {

std::vector<double> values_of(const SummaryRow& r) {
  return {r.mean,    r.sd,       r.hdi_lower, r.hdi_upper, r.mcse_mean,
          r.mcse_sd, r.ess_bulk, r.ess_tail,  r.r_hat};
}

// Decimals per column, az.summary's default rounding.
constexpr int kDecimals[] = {3, 3, 3, 3, 3, 3, 0, 0, 2};

std::string fixed(double x, int decimals) {
  if (std::isnan(x))
    return "nan";
  if (std::isinf(x))
    return x > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  std::string s = buf;
  // A value that rounds to zero prints as 0.000, not -0.000.
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos)
    s.erase(0, 1);
  return s;
}

std::string csv_number(double x) {
  if (std::isnan(x))
    return "NaN";
  if (std::isinf(x))
    return x > 0 ? "Inf" : "-Inf";
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, result.ptr);
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos)
    return s;
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

} // namespace

std::string format_summary_text(const Summary& summary) {
  const std::vector<std::string> columns = summary.columns();
  std::vector<std::vector<std::string>> cells;
  size_t name_width = 0;
  std::vector<size_t> widths;
  for (const std::string& c : columns)
    widths.push_back(c.size());
  for (const SummaryRow& row : summary.rows) {
    name_width = std::max(name_width, row.name.size());
    std::vector<std::string> line;
    const std::vector<double> values = values_of(row);
    for (size_t i = 0; i < values.size(); ++i) {
      line.push_back(fixed(values[i], kDecimals[i]));
      widths[i] = std::max(widths[i], line.back().size());
    }
    cells.push_back(std::move(line));
  }
  auto pad_left = [](const std::string& s, size_t width) {
    return std::string(width - s.size(), ' ') + s;
  };
  std::string out(name_width, ' ');
  for (size_t i = 0; i < columns.size(); ++i)
    out += "  " + pad_left(columns[i], widths[i]);
  out += '\n';
  for (size_t r = 0; r < summary.rows.size(); ++r) {
    const std::string& name = summary.rows[r].name;
    out += name + std::string(name_width - name.size(), ' ');
    for (size_t i = 0; i < columns.size(); ++i)
      out += "  " + pad_left(cells[r][i], widths[i]);
    out += '\n';
  }
  return out;
}

std::string format_summary_csv(const Summary& summary) {
  std::string out;
  for (const std::string& c : summary.columns())
    out += "," + csv_field(c);
  out += '\n';
  for (const SummaryRow& row : summary.rows) {
    out += csv_field(row.name);
    for (double v : values_of(row))
      out += "," + csv_number(v);
    out += '\n';
  }
  return out;
}

} // namespace kiln::diagnostics
