#include "core/lang/lexer.h"

#include <charconv>
#include <cstdio>
#include <limits>

namespace kiln::lang {

namespace {

struct CodePoint {
  uint32_t value = 0;
  uint32_t length = 1;
  bool valid = true;
};

// Decodes one UTF-8 sequence; a malformed one is a single invalid byte.
CodePoint decode_utf8(const std::string& text, size_t pos) {
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c < 0x80)
    return {c, 1, true};
  uint32_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (length == 0 || c >= 0xF8 || pos + length > text.size())
    return {c, 1, false};
  uint32_t value = c & (0x7F >> length);
  for (uint32_t i = 1; i < length; ++i) {
    unsigned char next = static_cast<unsigned char>(text[pos + i]);
    if ((next & 0xC0) != 0x80)
      return {c, 1, false};
    value = (value << 6) | (next & 0x3F);
  }
  return {value, length, true};
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Non-ASCII letters a model may plausibly use in names (Latin, Greek, Cyrillic, CJK). Without
// Unicode tables this is a whitelist; punctuation such as an en dash stays an invalid character.
bool is_unicode_letter(uint32_t cp) {
  return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x370 && cp <= 0x3FF) ||
         (cp >= 0x400 && cp <= 0x4FF) || (cp >= 0x4E00 && cp <= 0x9FFF);
}

// Statement keywords that cannot continue an expression: one of them at the start of a line
// inside brackets means a bracket was left open.
bool starts_statement_only(TokenKind kind) {
  switch (kind) {
  case TokenKind::kw_def:
  case TokenKind::kw_return:
  case TokenKind::kw_import:
  case TokenKind::kw_from:
  case TokenKind::kw_class:
  case TokenKind::kw_while:
  case TokenKind::kw_with:
  case TokenKind::kw_pass:
  case TokenKind::kw_break:
  case TokenKind::kw_continue:
  case TokenKind::kw_assert:
  case TokenKind::kw_elif:
  case TokenKind::kw_try:
  case TokenKind::kw_except:
  case TokenKind::kw_finally:
  case TokenKind::kw_raise:
  case TokenKind::kw_del:
  case TokenKind::kw_global:
  case TokenKind::kw_nonlocal:
    return true;
  default:
    return false;
  }
}

struct Operator {
  const char* text;
  TokenKind kind;
};

// Longest first, so that the first match is the longest.
const Operator operators[] = {
    {"**=", TokenKind::double_star_assign},
    {"//=", TokenKind::double_slash_assign},
    {">>=", TokenKind::rshift_assign},
    {"<<=", TokenKind::lshift_assign},
    {"...", TokenKind::ellipsis},
    {"->", TokenKind::arrow},
    {":=", TokenKind::walrus},
    {"**", TokenKind::double_star},
    {"//", TokenKind::double_slash},
    {"<<", TokenKind::lshift},
    {">>", TokenKind::rshift},
    {"<=", TokenKind::less_equal},
    {">=", TokenKind::greater_equal},
    {"==", TokenKind::equal_equal},
    {"!=", TokenKind::not_equal},
    {"+=", TokenKind::plus_assign},
    {"-=", TokenKind::minus_assign},
    {"*=", TokenKind::star_assign},
    {"/=", TokenKind::slash_assign},
    {"%=", TokenKind::percent_assign},
    {"&=", TokenKind::amp_assign},
    {"|=", TokenKind::pipe_assign},
    {"^=", TokenKind::caret_assign},
    {"@=", TokenKind::at_assign},
    {"+", TokenKind::plus},
    {"-", TokenKind::minus},
    {"*", TokenKind::star},
    {"/", TokenKind::slash},
    {"%", TokenKind::percent},
    {"@", TokenKind::at},
    {"&", TokenKind::amp},
    {"|", TokenKind::pipe},
    {"^", TokenKind::caret},
    {"~", TokenKind::tilde},
    {"<", TokenKind::less},
    {">", TokenKind::greater},
    {",", TokenKind::comma},
    {":", TokenKind::colon},
    {".", TokenKind::dot},
    {";", TokenKind::semicolon},
    {"=", TokenKind::assign},
};

std::string hex_code(uint32_t cp) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
  return buffer;
}

class Lexer {
public:
  Lexer(const Source& source, DiagnosticSink& sink)
      : source_(source), text_(source.text()), sink_(sink), cursor_(source) {}

  std::vector<Token> run() {
    if (text_.compare(0, 3, "\xEF\xBB\xBF") == 0)
      pos_ = 3;
    while (true) {
      if (at_line_start_ && brackets_.empty() && !indentation())
        break;
      skip_blanks();
      if (pos_ >= text_.size())
        break;
      char c = text_[pos_];
      if (c == '#') {
        skip_comment();
      } else if (c == '\n' || c == '\r') {
        line_break();
      } else if (c == '\\') {
        continuation();
      } else {
        token();
      }
    }
    if (!brackets_.empty()) {
      never_closed();
      brackets_.clear();
    }
    uint32_t end = static_cast<uint32_t>(text_.size());
    if (line_has_tokens_)
      emit(TokenKind::newline, end, end);
    while (indents_.size() > 1) {
      indents_.pop_back();
      emit(TokenKind::dedent, end, end);
    }
    emit(TokenKind::end, end, end);
    return std::move(tokens_);
  }

private:
  // One token that starts at pos_ (not a comment, line break or continuation).
  void token() {
    char c = text_[pos_];
    if (is_digit(c) || (c == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) {
      number();
    } else if (c == '\'' || c == '"') {
      string(pos_, false, false, false);
    } else if (is_identifier_start(pos_)) {
      word();
    } else if (c == '(' || c == '[' || c == '{') {
      brackets_.push_back(pos_);
      emit(c == '('   ? TokenKind::lparen
           : c == '[' ? TokenKind::lbracket
                      : TokenKind::lbrace,
           pos_, pos_ + 1);
      ++pos_;
    } else if (c == ')' || c == ']' || c == '}') {
      close_bracket(c);
    } else {
      punctuation();
    }
  }

  struct Indent {
    uint32_t col;     // tabs to the next multiple of 8, as Python
    uint32_t alt_col; // tabs as one column: when the two orders disagree, tabs and spaces mix
  };

  Token& emit(TokenKind kind, size_t begin, size_t end) {
    Token token;
    token.kind = kind;
    token.span = cursor_.span(static_cast<uint32_t>(begin), static_cast<uint32_t>(end));
    if (kind != TokenKind::newline)
      line_has_tokens_ = true;
    tokens_.push_back(std::move(token));
    return tokens_.back();
  }

  // Reports a mistake (at most one per logical line) and leaves an error token in its place.
  void fail(size_t begin, size_t end, std::string message, std::string suggestion = {}) {
    emit(TokenKind::error, begin, end);
    report(begin, end, std::move(message), std::move(suggestion));
  }

  // Reports without an error token: for indentation, whose tokens stay as they are so that the
  // parser sees the blocks the writer meant.
  void report(size_t begin, size_t end, std::string message, std::string suggestion = {}) {
    if (error_on_line_)
      return;
    error_on_line_ = true;
    sink_.error(source_, span(begin, end), std::move(message), std::move(suggestion));
  }

  Span span(size_t begin, size_t end) {
    return cursor_.span(static_cast<uint32_t>(begin), static_cast<uint32_t>(end));
  }

  // Measures the indentation of a new logical line and emits indents or dedents. Blank and
  // comment-only lines are skipped. Returns false at the end of the text.
  bool indentation() {
    while (true) {
      size_t line_begin = pos_;
      uint32_t col = 0, alt_col = 0;
      while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == ' ') {
          ++col;
          ++alt_col;
        } else if (c == '\t') {
          col = (col / 8 + 1) * 8;
          ++alt_col;
        } else if (c == '\f') {
          col = alt_col = 0;
        } else {
          break;
        }
        ++pos_;
      }
      if (pos_ >= text_.size())
        return false;
      char c = text_[pos_];
      if (c == '#') {
        skip_comment();
        continue;
      }
      if (c == '\n' || c == '\r') {
        skip_line_break();
        continue;
      }
      at_line_start_ = false;
      indent_to({col, alt_col}, line_begin);
      return true;
    }
  }

  void indent_to(Indent indent, size_t line_begin) {
    const Indent& top = indents_.back();
    if (indent.col > top.col) {
      if (indent.alt_col <= top.alt_col)
        tab_error(line_begin);
      indents_.push_back(indent);
      emit(TokenKind::indent, line_begin, pos_);
      return;
    }
    while (indents_.size() > 1 && indent.col < indents_.back().col) {
      indents_.pop_back();
      emit(TokenKind::dedent, pos_, pos_);
    }
    if (indent.col != indents_.back().col) {
      // Carry on at the enclosing level so that the rest of the file still parses.
      report(line_begin, pos_, "unindent does not match any outer indentation level",
             "indent this line like the block it belongs to");
    } else if (indent.alt_col != indents_.back().alt_col) {
      tab_error(line_begin);
    }
  }

  // Once per file: a file that mixes tabs and spaces usually does so on many lines.
  void tab_error(size_t line_begin) {
    if (tabs_reported_)
      return;
    tabs_reported_ = true;
    report(line_begin, pos_, "inconsistent use of tabs and spaces in indentation",
           "indent with spaces only");
  }

  void skip_blanks() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\f'))
      ++pos_;
  }

  void skip_comment() {
    while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r')
      ++pos_;
  }

  void skip_line_break() {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n')
      ++pos_;
    ++pos_;
  }

  void line_break() {
    size_t begin = pos_;
    skip_line_break();
    if (!brackets_.empty()) {
      if (!next_line_starts_statement())
        return; // implicit line joining
      never_closed();
      brackets_.clear();
    }
    if (line_has_tokens_)
      emit(TokenKind::newline, begin, begin + 1);
    line_has_tokens_ = false;
    error_on_line_ = false;
    at_line_start_ = true;
  }

  // Looks ahead (without consuming) for the first word of the next non-blank line.
  bool next_line_starts_statement() const {
    size_t p = pos_;
    while (p < text_.size()) {
      while (p < text_.size() && (text_[p] == ' ' || text_[p] == '\t' || text_[p] == '\f'))
        ++p;
      if (p < text_.size() && (text_[p] == '\n' || text_[p] == '\r' || text_[p] == '#')) {
        while (p < text_.size() && text_[p] != '\n' && text_[p] != '\r')
          ++p;
        ++p;
        continue;
      }
      size_t begin = p;
      while (p < text_.size() && (is_ascii_letter(text_[p]) || text_[p] == '_'))
        ++p;
      if (p < text_.size() && (is_digit(text_[p]) || static_cast<unsigned char>(text_[p]) >= 0x80))
        return false;
      return starts_statement_only(keyword_kind(text_.substr(begin, p - begin)));
    }
    return false;
  }

  void never_closed() {
    size_t open = brackets_.back();
    fail(open, open + 1, std::string("'") + text_[open] + "' was never closed");
  }

  void close_bracket(char c) {
    char open = c == ')' ? '(' : c == ']' ? '[' : '{';
    TokenKind kind = c == ')'   ? TokenKind::rparen
                     : c == ']' ? TokenKind::rbracket
                                : TokenKind::rbrace;
    if (brackets_.empty()) {
      fail(pos_, pos_ + 1, std::string("unmatched '") + c + "'");
    } else if (text_[brackets_.back()] != open) {
      Location where = source_.location(static_cast<uint32_t>(brackets_.back()));
      fail(pos_, pos_ + 1,
           std::string("closing bracket '") + c + "' does not match opening bracket '" +
               text_[brackets_.back()] + "' on line " + std::to_string(where.line));
      brackets_.pop_back();
    } else {
      brackets_.pop_back();
      emit(kind, pos_, pos_ + 1);
    }
    ++pos_;
  }

  void continuation() {
    size_t begin = pos_++;
    if (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
      skip_line_break();
      if (pos_ >= text_.size())
        fail(begin, begin + 1, "unexpected end of file after line continuation character");
      return;
    }
    fail(begin, begin + 1, "unexpected character after line continuation character",
         "a backslash continues a line only as the last character of the line");
  }

  bool is_identifier_start(size_t p) const {
    char c = text_[p];
    if (is_ascii_letter(c) || c == '_')
      return true;
    CodePoint cp = decode_utf8(text_, p);
    return cp.valid && is_unicode_letter(cp.value);
  }

  bool is_identifier_char(size_t p) const { return is_digit(text_[p]) || is_identifier_start(p); }

  void word() {
    size_t begin = pos_;
    while (pos_ < text_.size() && is_identifier_char(pos_))
      pos_ += decode_utf8(text_, pos_).length;
    std::string word = text_.substr(begin, pos_ - begin);
    if (pos_ < text_.size() && (text_[pos_] == '\'' || text_[pos_] == '"') && word.size() <= 2) {
      bool raw = false, bytes = false, format = false, other = false;
      for (char p : word) {
        char lower = static_cast<char>(p | 0x20);
        raw |= lower == 'r';
        bytes |= lower == 'b';
        format |= lower == 'f';
        other |= lower != 'r' && lower != 'b' && lower != 'f' && lower != 'u';
      }
      bool u = word.size() == 2 && ((word[0] | 0x20) == 'u' || (word[1] | 0x20) == 'u');
      bool distinct = word.size() == 1 || (word[0] | 0x20) != (word[1] | 0x20);
      bool valid = !other && distinct && !(bytes && format) && (word.size() == 1 || raw) && !u;
      if (valid) {
        string(begin, raw, bytes, format);
        return;
      }
    }
    Token& token = emit(keyword_kind(word), begin, pos_);
    if (token.kind == TokenKind::name)
      token.text = std::move(word);
  }

  void punctuation() {
    for (const Operator& op : operators) {
      if (text_.compare(pos_, std::char_traits<char>::length(op.text), op.text) == 0) {
        size_t length = std::char_traits<char>::length(op.text);
        emit(op.kind, pos_, pos_ + length);
        pos_ += length;
        return;
      }
    }
    CodePoint cp = decode_utf8(text_, pos_);
    size_t begin = pos_;
    pos_ += cp.length;
    if (!cp.valid) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "0x%02X", cp.value);
      fail(begin, pos_, std::string("invalid byte ") + buffer + ": the file is not UTF-8");
    } else if (cp.value < 0x20 || cp.value == 0x7F) {
      fail(begin, pos_, "invalid control character (" + hex_code(cp.value) + ")");
    } else {
      std::string message =
          "invalid character '" + text_.substr(begin, cp.length) + "' (" + hex_code(cp.value) + ")";
      std::string suggestion;
      if (cp.value == 0x2013 || cp.value == 0x2212)
        suggestion = "use '-' for minus";
      else if (cp.value == 0x2018 || cp.value == 0x2019 || cp.value == 0x201C || cp.value == 0x201D)
        suggestion = "use straight quotes ' or \" for strings";
      fail(begin, pos_, message, suggestion);
    }
  }

  // Numbers: decimal, 0x/0o/0b integers and floats, with '_' allowed between digits.
  void number() {
    size_t begin = pos_;
    std::string digits; // the literal without underscores
    bool ok = true;
    auto scan_digits = [&](auto is_valid) {
      bool any = false;
      while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == '_' && any && pos_ + 1 < text_.size() && is_valid(text_[pos_ + 1])) {
          ++pos_;
          continue;
        }
        if (!is_valid(c))
          break;
        digits += c;
        any = true;
        ++pos_;
      }
      return any;
    };
    char c = text_[pos_];
    char base_char = pos_ + 1 < text_.size() ? static_cast<char>(text_[pos_ + 1] | 0x20) : 0;
    if (c == '0' && (base_char == 'x' || base_char == 'o' || base_char == 'b')) {
      int base = base_char == 'x' ? 16 : base_char == 'o' ? 8 : 2;
      const char* name = base == 16 ? "hexadecimal" : base == 8 ? "octal" : "binary";
      pos_ += 2;
      if (pos_ < text_.size() && text_[pos_] == '_')
        ++pos_;
      bool any = scan_digits([base](char d) {
        return base == 16  ? is_hex_digit(d)
               : base == 8 ? (d >= '0' && d <= '7')
                           : (d == '0' || d == '1');
      });
      if (!any || (pos_ < text_.size() && is_identifier_char(pos_))) {
        skip_word();
        fail(begin, pos_, std::string("invalid ") + name + " literal");
        return;
      }
      integer_token(begin, digits, base);
      return;
    }
    bool is_float = false;
    scan_digits(is_digit);
    std::string int_part = digits;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      is_float = true;
      digits += '.';
      ++pos_;
      if (pos_ < text_.size() && is_digit(text_[pos_]))
        scan_digits(is_digit);
    }
    if (pos_ < text_.size() && (text_[pos_] | 0x20) == 'e') {
      size_t p = pos_ + 1;
      if (p < text_.size() && (text_[p] == '+' || text_[p] == '-'))
        ++p;
      if (p < text_.size() && is_digit(text_[p])) {
        is_float = true;
        digits += 'e';
        digits += text_.substr(pos_ + 1, p - pos_ - 1);
        pos_ = p;
        scan_digits(is_digit);
      } else {
        ok = false;
      }
    }
    if (pos_ < text_.size() && (text_[pos_] | 0x20) == 'j') {
      ++pos_;
      fail(begin, pos_, "complex literals are not supported in Kiln models");
      return;
    }
    if (!ok || (pos_ < text_.size() && is_identifier_char(pos_))) {
      skip_word();
      fail(begin, pos_, "invalid decimal literal");
      return;
    }
    if (is_float) {
      Token& token = emit(TokenKind::floating, begin, pos_);
      token.text = text_.substr(begin, pos_ - begin);
      double value = 0;
      auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (result.ec == std::errc::result_out_of_range) {
        // from_chars leaves the value alone on overflow; Python gives inf or 0.
        size_t e = digits.find('e');
        bool tiny = e != std::string::npos && e + 1 < digits.size() && digits[e + 1] == '-';
        value = tiny ? 0.0 : std::numeric_limits<double>::infinity();
      }
      token.float_value = value;
      return;
    }
    if (int_part.size() > 1 && int_part[0] == '0' &&
        int_part.find_first_not_of('0') != std::string::npos) {
      fail(begin, pos_, "leading zeros in decimal integer literals are not permitted",
           "use an 0o prefix for octal integers");
      return;
    }
    integer_token(begin, digits, 10);
  }

  void integer_token(size_t begin, const std::string& digits, int base) {
    uint64_t value = 0;
    for (char d : digits) {
      uint64_t digit = is_digit(d) ? d - '0' : (d | 0x20) - 'a' + 10;
      if (value > (std::numeric_limits<uint64_t>::max() - digit) / base) {
        value = std::numeric_limits<uint64_t>::max();
        break;
      }
      value = value * base + digit;
    }
    if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      fail(begin, pos_, "integer literal is too large (Kiln integers are 64-bit)");
      return;
    }
    Token& token = emit(TokenKind::integer, begin, pos_);
    token.text = text_.substr(begin, pos_ - begin);
    token.int_value = static_cast<int64_t>(value);
  }

  void skip_word() {
    while (pos_ < text_.size() && is_identifier_char(pos_))
      pos_ += decode_utf8(text_, pos_).length;
  }

  // A string literal; pos_ is at the opening quote, begin at the prefix.
  void string(size_t begin, bool raw, bool bytes, bool format) {
    const size_t prefix_length = pos_ - begin;
    char quote = text_[pos_];
    bool triple = text_.compare(pos_, 3, std::string(3, quote)) == 0;
    pos_ += triple ? 3 : 1;
    std::string value;
    std::string problem; // the first escape error, reported once the string is scanned
    size_t problem_at = pos_;
    while (true) {
      if (pos_ >= text_.size() || (!triple && (text_[pos_] == '\n' || text_[pos_] == '\r'))) {
        Location at = source_.location(static_cast<uint32_t>(pos_));
        fail(begin, pos_,
             std::string(triple ? "unterminated triple-quoted string literal"
                                : "unterminated string literal") +
                 " (detected at line " + std::to_string(at.line) + ")");
        return;
      }
      char c = text_[pos_];
      if (c == quote && (!triple || text_.compare(pos_, 3, std::string(3, quote)) == 0)) {
        pos_ += triple ? 3 : 1;
        break;
      }
      if (c == '\r') { // a line break inside a triple-quoted string reads as '\n'
        skip_line_break();
        value += '\n';
        continue;
      }
      if (c == '\\' && pos_ + 1 < text_.size()) {
        if (raw || format) {
          // The backslash stays, and it keeps the next character from ending the string.
          value += c;
          ++pos_;
          if (text_[pos_] == '\r') {
            skip_line_break();
            value += '\n';
          } else {
            value += text_[pos_++];
          }
          continue;
        }
        size_t escape_begin = pos_;
        std::string error = escape(value, bytes);
        if (!error.empty() && problem.empty()) {
          problem = error;
          problem_at = escape_begin;
        }
        continue;
      }
      if (bytes && static_cast<unsigned char>(c) >= 0x80 && problem.empty()) {
        problem = "bytes can only contain ASCII literal characters";
        problem_at = pos_;
      }
      value += c;
      ++pos_;
    }
    if (format) {
      const size_t quotes = triple ? 3 : 1;
      fstring(begin, begin + prefix_length + quotes, pos_ - quotes, raw);
      return;
    }
    if (!problem.empty()) {
      fail(problem_at, problem_at + 1, problem);
      return;
    }
    Token& token = emit(TokenKind::string, begin, pos_);
    token.text = std::move(value);
    token.bytes = bytes;
  }

  // An f-string whose body is [body_begin, body_end): Python 3.12's tokens, fstring_start, then
  // literal chunks as string tokens and each replacement field as fstring_field_start, the
  // expression's own tokens, fstring_field_end; then fstring_end. The parser builds one
  // FormattedString from them.
  void fstring(size_t begin, size_t body_begin, size_t body_end, bool raw) {
    const size_t end = pos_;
    const size_t first_token = tokens_.size();
    emit(TokenKind::fstring_start, begin, body_begin);
    std::string literal;
    size_t literal_begin = body_begin;
    auto flush = [&](size_t at) {
      if (!literal.empty()) {
        Token& chunk = emit(TokenKind::string, literal_begin, at);
        chunk.text = std::move(literal);
        literal.clear();
      }
    };
    bool ok = true;
    for (size_t i = body_begin; ok && i < body_end;) {
      if (literal.empty())
        literal_begin = i;
      const char c = text_[i];
      const bool doubled = i + 1 < body_end && text_[i + 1] == c;
      if ((c == '{' || c == '}') && doubled) {
        literal += c;
        i += 2;
      } else if (c == '}') {
        ok = false;
        fail(i, i + 1, "f-string: single '}' is not allowed", "write '}}' for a literal brace");
      } else if (c == '{') {
        flush(i);
        ok = field(i, body_end);
        i = pos_;
      } else if (c == '\\' && !raw) {
        pos_ = i;
        const std::string problem = escape(literal, false);
        if (!problem.empty()) {
          ok = false;
          fail(i, i + 1, problem);
        }
        i = pos_;
      } else {
        literal += c;
        ++i;
      }
    }
    pos_ = end;
    if (!ok) {
      // One error token stands for the whole literal, so the parser reports nothing more.
      Token error = tokens_.back();
      tokens_.resize(first_token);
      error.span = span(begin, end);
      tokens_.push_back(std::move(error));
      return;
    }
    flush(body_end);
    emit(TokenKind::fstring_end, body_end, end);
  }

  // The replacement field at `open` ('{'): its expression lexed in place, an optional !r/!s/!a
  // conversion and a format spec without nested fields. Leaves pos_ after the closing '}'.
  bool field(size_t open, size_t body_end) {
    size_t j = open + 1;
    int depth = 0;
    while (j < body_end) {
      const char c = text_[j];
      if (c == '\'' || c == '"') {
        const size_t close = text_.find(c, j + 1);
        j = close == std::string::npos || close >= body_end ? body_end : close + 1;
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        ++depth;
      } else if (c == ')' || c == ']' || c == '}') {
        if (depth == 0)
          break;
        --depth;
      } else if (depth == 0 && ((c == '!' && text_[j + 1] != '=') || c == ':')) {
        break;
      } else if (c == '\\' || c == '#') {
        fail(j, j + 1,
             std::string("f-string expression part cannot include ") +
                 (c == '#' ? "'#'" : "a backslash"));
        return false;
      }
      ++j;
    }
    if (j >= body_end) {
      fail(open, body_end, "f-string: expecting '}'");
      return false;
    }
    const size_t expr_end = j;
    if (text_.find_first_not_of(" \t\r\n", open + 1) >= expr_end) {
      fail(open, expr_end + 1, "f-string: empty expression not allowed");
      return false;
    }
    emit(TokenKind::fstring_field_start, open, open + 1);
    expression_tokens(open + 1, expr_end);
    int64_t conversion = 0;
    if (text_[j] == '!') {
      const char k = j + 1 < body_end ? text_[j + 1] : '\0';
      if (k != 'r' && k != 's' && k != 'a') {
        fail(j, j + 2, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
        return false;
      }
      conversion = k;
      j += 2;
    }
    std::string spec;
    if (j < body_end && text_[j] == ':') {
      for (++j; j < body_end && text_[j] != '}'; ++j) {
        if (text_[j] == '{') {
          fail(j, j + 1, "nested replacement fields in a format spec are not supported in Kiln");
          return false;
        }
        spec += text_[j];
      }
    }
    if (j >= body_end || text_[j] != '}') {
      fail(open, std::min(j + 1, body_end), "f-string: expecting '}'");
      return false;
    }
    Token& close = emit(TokenKind::fstring_field_end, j, j + 1);
    close.int_value = conversion;
    close.text = std::move(spec);
    pos_ = j + 1;
    return true;
  }

  // The tokens of [begin, end), lexed as if inside brackets (line breaks join).
  void expression_tokens(size_t begin, size_t end) {
    const std::vector<size_t> brackets = brackets_;
    brackets_.push_back(begin - 1);
    for (pos_ = begin;;) {
      skip_blanks();
      while (pos_ < end && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
        skip_line_break();
        skip_blanks();
      }
      if (pos_ >= end)
        break;
      token();
    }
    brackets_ = brackets;
  }

  // Decodes the escape at pos_ (a backslash) into value; returns an error message or "".
  std::string escape(std::string& value, bool bytes) {
    size_t begin = pos_;
    ++pos_;
    char c = text_[pos_++];
    auto hex = [&](int count, uint32_t& out) {
      out = 0;
      for (int i = 0; i < count; ++i) {
        if (pos_ >= text_.size() || !is_hex_digit(text_[pos_]))
          return false;
        char d = text_[pos_++];
        out = out * 16 + (is_digit(d) ? d - '0' : (d | 0x20) - 'a' + 10);
      }
      return true;
    };
    switch (c) {
    case '\n':
      return "";
    case '\r':
      if (pos_ < text_.size() && text_[pos_] == '\n')
        ++pos_;
      return "";
    case '\\':
    case '\'':
    case '"':
      value += c;
      return "";
    case 'a':
      value += '\a';
      return "";
    case 'b':
      value += '\b';
      return "";
    case 'f':
      value += '\f';
      return "";
    case 'n':
      value += '\n';
      return "";
    case 'r':
      value += '\r';
      return "";
    case 't':
      value += '\t';
      return "";
    case 'v':
      value += '\v';
      return "";
    case 'x': {
      uint32_t cp;
      if (!hex(2, cp))
        return "truncated \\xXX escape";
      if (bytes)
        value += static_cast<char>(cp);
      else
        append_utf8(value, cp);
      return "";
    }
    default:
      break;
    }
    if (c >= '0' && c <= '7') {
      uint32_t cp = c - '0';
      for (int i = 0; i < 2 && pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '7'; ++i)
        cp = cp * 8 + (text_[pos_++] - '0');
      if (bytes) {
        if (cp > 0xFF)
          return "octal escape out of range for bytes";
        value += static_cast<char>(cp);
      } else {
        append_utf8(value, cp);
      }
      return "";
    }
    if (!bytes && (c == 'u' || c == 'U')) {
      uint32_t cp;
      if (!hex(c == 'u' ? 4 : 8, cp))
        return c == 'u' ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape";
      if (cp > 0x10FFFF)
        return "illegal Unicode character in \\U escape";
      append_utf8(value, cp);
      return "";
    }
    if (!bytes && c == 'N')
      return "\\N{...} escapes are not supported in Kiln models";
    // Python keeps an unknown escape as written, and warns.
    pos_ = begin + 1;
    CodePoint cp = decode_utf8(text_, pos_);
    std::string written = text_.substr(begin, 1 + cp.length);
    sink_.warning(source_, span(begin, begin + 1 + cp.length),
                  "invalid escape sequence '" + written + "'",
                  "write '\\" + written + "' or use a raw string r\"...\"");
    value += written;
    pos_ += cp.length;
    return "";
  }

  const Source& source_;
  const std::string& text_;
  DiagnosticSink& sink_;
  Cursor cursor_;
  size_t pos_ = 0;
  std::vector<Token> tokens_;
  std::vector<Indent> indents_{{0, 0}};
  std::vector<size_t> brackets_; // offsets of the open brackets
  bool at_line_start_ = true;
  bool line_has_tokens_ = false;
  bool error_on_line_ = false;
  bool tabs_reported_ = false;
};

} // namespace

std::vector<Token> tokenize(const Source& source, DiagnosticSink& sink) {
  return Lexer(source, sink).run();
}

} // namespace kiln::lang
