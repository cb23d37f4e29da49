#pragma once
// A model file in memory and the spans that point into it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::lang {

// A stretch of source: byte offsets [begin, end) and their 1-based line:col. Columns count
// characters (UTF-8 code points), so carets line up under non-ASCII text too; end_col is the
// column just past the last character.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t line = 1;
  uint32_t col = 1;
  uint32_t end_line = 1;
  uint32_t end_col = 1;
};

struct Location {
  uint32_t line = 1;
  uint32_t col = 1;
};

// The file name (as diagnostics show it) and its text, with a line index built once.
class Source {
public:
  Source(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  size_t line_count() const { return line_starts_.size(); }

  // Line and column of a byte offset (offsets past the end clamp to the end).
  Location location(uint32_t offset) const;
  Span span(uint32_t begin, uint32_t end) const;
  // The text of a 1-based line without its line break.
  std::string_view line_text(uint32_t line) const;

private:
  std::string name_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

// Locates offsets met in increasing order in time proportional to the distance moved, where
// Source::location counts from the start of the line each time: the lexer locates every token,
// and a file may be one very long line.
class Cursor {
public:
  explicit Cursor(const Source& source) : source_(source) {}
  Location at(uint32_t offset);
  Span span(uint32_t begin, uint32_t end);

private:
  const Source& source_;
  uint32_t offset_ = 0;
  Location location_;
};

} // namespace kiln::lang
