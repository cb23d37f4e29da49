#include "core/lang/source.h"

#include <algorithm>

namespace kiln::lang {

namespace {

bool is_utf8_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

} // namespace

Source::Source(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i) {
    // "\r\n" is one line break; a lone '\r' is one too, as in Python.
    if (text_[i] == '\n' || (text_[i] == '\r' && (i + 1 == text_.size() || text_[i + 1] != '\n')))
      line_starts_.push_back(i + 1);
  }
}

Location Source::location(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  uint32_t col = 1;
  for (uint32_t i = line_starts_[line - 1]; i < offset; ++i)
    if (!is_utf8_continuation(text_[i]))
      ++col;
  return {line, col};
}

Span Source::span(uint32_t begin, uint32_t end) const {
  Location b = location(begin);
  Location e = location(std::max(begin, end));
  return {begin, std::max(begin, end), b.line, b.col, e.line, e.col};
}

std::string_view Source::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts_.size())
    return {};
  uint32_t begin = line_starts_[line - 1];
  uint32_t end =
      line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(text_.size());
  while (end > begin && (text_[end - 1] == '\n' || text_[end - 1] == '\r'))
    --end;
  return std::string_view(text_).substr(begin, end - begin);
}

Location Cursor::at(uint32_t offset) {
  const std::string& text = source_.text();
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  if (offset < offset_) {
    offset_ = offset;
    location_ = source_.location(offset);
    return location_;
  }
  for (; offset_ < offset; ++offset_) {
    char c = text[offset_];
    if (c == '\n' || (c == '\r' && (offset_ + 1 == text.size() || text[offset_ + 1] != '\n'))) {
      ++location_.line;
      location_.col = 1;
    } else if (!is_utf8_continuation(c)) {
      ++location_.col;
    }
  }
  return location_;
}

Span Cursor::span(uint32_t begin, uint32_t end) {
  end = std::max(begin, end);
  Location b = at(begin);
  Location e = at(end);
  return {begin, end, b.line, b.col, e.line, e.col};
}

} // namespace kiln::lang
