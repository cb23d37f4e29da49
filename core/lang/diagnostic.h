#pragma once
// Diagnostics: what the front end reports instead of printing. A sink collects them; the command
// line formats them with format_diagnostic, the editor turns them into markers.

#include <string>
#include <vector>

#include "core/lang/source.h"

namespace kiln::lang {

enum class Severity { error, warning, note };

const char* severity_name(Severity severity);

struct Diagnostic {
  Severity severity = Severity::error;
  std::string file;
  Span span;
  std::string message;
  std::string suggestion; // empty when there is nothing to suggest
};

class DiagnosticSink {
public:
  void report(Diagnostic diagnostic);
  void error(const Source& source, Span span, std::string message, std::string suggestion = {});
  void warning(const Source& source, Span span, std::string message, std::string suggestion = {});

  bool has_errors() const { return error_count_ > 0; }
  size_t error_count() const { return error_count_; }
  const std::vector<Diagnostic>& items() const { return items_; }

private:
  std::vector<Diagnostic> items_;
  size_t error_count_ = 0;
};

// stanc3-style text, ending in a newline:
//   error: model.py:3:12: expected ')'
//      3 |     y = f(a, b
//        |               ^
//   suggestion: ...
// A message of several lines (a runtime error with the model's traceback and the table of site
// shapes) shows its first line in the header and the rest after the excerpt.
std::string format_diagnostic(const Diagnostic& diagnostic, const Source& source);

// Every diagnostic of the sink, in order.
std::string format_diagnostics(const DiagnosticSink& sink, const Source& source);

} // namespace kiln::lang
