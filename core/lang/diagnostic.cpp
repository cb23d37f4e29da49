#include "core/lang/diagnostic.h"

namespace kiln::lang {

namespace {

bool is_utf8_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

} // namespace

const char* severity_name(Severity severity) {
  switch (severity) {
  case Severity::error:
    return "error";
  case Severity::warning:
    return "warning";
  case Severity::note:
    return "note";
  }
  return "error";
}

void DiagnosticSink::report(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::error)
    ++error_count_;
  items_.push_back(std::move(diagnostic));
}

void DiagnosticSink::error(const Source& source, Span span, std::string message,
                           std::string suggestion) {
  report({Severity::error, source.name(), span, std::move(message), std::move(suggestion)});
}

void DiagnosticSink::warning(const Source& source, Span span, std::string message,
                             std::string suggestion) {
  report({Severity::warning, source.name(), span, std::move(message), std::move(suggestion)});
}

std::string format_diagnostic(const Diagnostic& d, const Source& source) {
  const size_t newline = d.message.find('\n');
  std::string out = std::string(severity_name(d.severity)) + ": " + d.file + ":" +
                    std::to_string(d.span.line) + ":" + std::to_string(d.span.col) + ": " +
                    d.message.substr(0, newline) + "\n";
  std::string_view line = source.line_text(d.span.line);
  std::string number = std::to_string(d.span.line);
  std::string gutter(number.size(), ' ');
  out += " " + number + " | " + std::string(line) + "\n";

  // The caret line copies the tabs before the span so that it lines up with the source line.
  std::string carets = " " + gutter + " | ";
  uint32_t col = 1;
  size_t i = 0;
  for (; i < line.size() && col < d.span.col; ++i) {
    if (is_utf8_continuation(line[i]))
      continue;
    carets += line[i] == '\t' ? '\t' : ' ';
    ++col;
  }
  carets += std::string(d.span.col > col ? d.span.col - col : 0, ' ');
  carets += '^';
  // Underline the rest of the span on this line.
  uint32_t last = d.span.end_line == d.span.line ? d.span.end_col : col + 1;
  if (d.span.end_line != d.span.line) {
    last = col;
    for (; i < line.size(); ++i)
      if (!is_utf8_continuation(line[i]))
        ++last;
  }
  for (uint32_t c = d.span.col + 1; c < last; ++c)
    carets += '~';
  out += carets + "\n";
  if (!d.suggestion.empty())
    out += "  suggestion: " + d.suggestion + "\n";
  if (newline != std::string::npos) {
    out += d.message.substr(newline + 1);
    if (out.back() != '\n')
      out += '\n';
  }
  return out;
}

std::string format_diagnostics(const DiagnosticSink& sink, const Source& source) {
  std::string out;
  for (const Diagnostic& d : sink.items())
    out += format_diagnostic(d, source);
  return out;
}

} // namespace kiln::lang
