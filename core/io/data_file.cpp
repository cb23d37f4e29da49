#include "core/io/data_file.h"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace kiln::io {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error("cannot read data file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

lang::DataMap load_json(const std::string& path) {
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(read_text(path));
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path + ": not valid JSON (" + e.what() + ")");
  }
  return lang::values_from_json(object, path);
}

// One cell of a CSV file, with where it starts (1-based line and column).
struct Cell {
  std::string text;
  int64_t line = 0;
  int64_t column = 0;
};

// The records of RFC 4180 CSV text: fields separated by commas, records by LF or CRLF; a field
// in double quotes may hold commas, line breaks and doubled quotes. Blank lines are skipped.
std::vector<std::vector<Cell>> parse_csv(const std::string& text, const std::string& source) {
  std::vector<std::vector<Cell>> records;
  std::vector<Cell> record;
  int64_t line = 1, column = 1;
  size_t i = 0;
  auto fail = [&](int64_t l, int64_t c, const std::string& what) {
    throw Error(source + ":" + std::to_string(l) + ":" + std::to_string(c) + ": " + what);
  };
  while (i < text.size()) {
    Cell cell{"", line, column};
    if (text[i] == '"') {
      ++i, ++column;
      for (;;) {
        if (i >= text.size())
          fail(cell.line, cell.column, "unclosed quote");
        const char c = text[i++];
        ++column;
        if (c == '"') {
          if (i < text.size() && text[i] == '"') {
            cell.text += '"';
            ++i, ++column;
            continue;
          }
          break;
        }
        if (c == '\n')
          ++line, column = 1;
        cell.text += c;
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
        fail(line, column, "expected a comma or the end of the line after a quoted field");
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        if (text[i] == '"')
          fail(line, column, "a quote inside an unquoted field");
        cell.text += text[i++];
        ++column;
      }
    }
    record.push_back(std::move(cell));
    if (i < text.size() && text[i] == ',') {
      ++i, ++column;
      if (i == text.size())
        record.push_back(Cell{"", line, column});
      continue;
    }
    if (i < text.size() && text[i] == '\r')
      ++i;
    if (i < text.size() && text[i] == '\n')
      ++i;
    const bool blank =
        record.size() == 1 && record[0].text.find_first_not_of(" \t") == std::string::npos;
    if (!blank)
      records.push_back(std::move(record));
    record.clear();
    ++line, column = 1;
  }
  return records;
}

std::string trimmed(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos)
    return "";
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

bool is_integer_text(const std::string& s) {
  size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
  if (i == s.size())
    return false;
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return true;
}

} // namespace

lang::DataMap data_from_csv(const std::string& text, const std::string& source) {
  const auto records = parse_csv(text, source);
  if (records.empty())
    throw Error(source + ": empty CSV file (the first line must name the columns)");
  const auto& header = records[0];
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const Cell& cell : header) {
    std::string name = trimmed(cell.text);
    const std::string where =
        source + ":" + std::to_string(cell.line) + ":" + std::to_string(cell.column) + ": ";
    if (name.empty())
      throw Error(where + "column " + std::to_string(names.size() + 1) + " has no name");
    if (!seen.insert(name).second)
      throw Error(where + "a second column named '" + name + "'");
    names.push_back(std::move(name));
  }
  const size_t rows = records.size() - 1;
  std::vector<std::vector<double>> values(names.size(), std::vector<double>(rows));
  std::vector<bool> integral(names.size(), true);
  for (size_t r = 0; r < rows; ++r) {
    const auto& record = records[r + 1];
    if (record.size() != names.size())
      throw Error(source + ":" + std::to_string(record[0].line) + ": " +
                  std::to_string(record.size()) + " values, but the header names " +
                  std::to_string(names.size()) + " columns");
    for (size_t c = 0; c < names.size(); ++c) {
      const Cell& cell = record[c];
      const std::string value = trimmed(cell.text);
      const std::string where = source + ":" + std::to_string(cell.line) + ":" +
                                std::to_string(cell.column) + ": column '" + names[c] + "': ";
      if (value.empty())
        throw Error(where + "empty value (every row needs a number in every column)");
      char* end = nullptr;
      errno = 0;
      const double x = std::strtod(value.c_str(), &end);
      if (end != value.c_str() + value.size())
        throw Error(where + "'" + value + "' is not a number");
      if (is_integer_text(value)) {
        errno = 0;
        std::strtoll(value.c_str(), nullptr, 10);
        if (errno == ERANGE)
          throw Error(where + value + " does not fit a 64-bit integer");
      } else {
        integral[c] = false;
      }
      values[c][r] = x;
    }
  }
  lang::DataMap data;
  for (size_t c = 0; c < names.size(); ++c) {
    if (integral[c] && rows > 0) {
      std::vector<int64_t> ints(rows);
      for (size_t r = 0; r < rows; ++r)
        ints[r] = std::strtoll(trimmed(records[r + 1][c].text).c_str(), nullptr, 10);
      data[names[c]] = at::tensor(ints, at::kLong);
    } else {
      data[names[c]] = at::tensor(values[c], at::kDouble);
    }
  }
  return data;
}

lang::DataMap load_data(const std::string& path) {
  if (ends_with(path, ".json"))
    return load_json(path);
  if (ends_with(path, ".csv"))
    return data_from_csv(read_text(path), path);
  throw Error("data file '" + path + "': unknown format (Kiln reads .json and .csv files)");
}

} // namespace kiln::io
