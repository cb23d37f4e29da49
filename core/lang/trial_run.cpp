#include "core/lang/trial_run.h"

#include <algorithm>
#include <memory>
#include <string_view>

#include <c10/util/Exception.h>

#include "core/infer/initialization.h"
#include "core/lang/interpreter.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/param_store.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::lang {

namespace {

// The text of a line without its indentation, or the start of the file when there is no line.
Span line_span(const Source& source, uint32_t line) {
  if (line == 0 || line > source.line_count())
    return source.span(0, 0);
  std::string_view text = source.line_text(line);
  const auto begin = static_cast<uint32_t>(text.data() - source.text().data());
  const size_t indent = std::min(text.find_first_not_of(" \t"), text.size());
  return source.span(begin + static_cast<uint32_t>(indent),
                     begin + static_cast<uint32_t>(text.size()));
}

} // namespace

std::optional<Diagnostic> trial_run(const Source& source, const poutine::Model& model,
                                    uint64_t seed) {
  poutine::ParamStoreScope params(std::make_shared<poutine::ParamStore>());
  manual_seed(seed);
  poutine::TraceHandler tracer;
  try {
    poutine::HandlerScope scope(tracer);
    // A site with an improper prior (ImproperUniform) has no draw: it takes a value as MCMC's
    // initialization would give it.
    infer::init_to(model, infer::init_to_sample_or_uniform())();
    return std::nullopt;
  } catch (const std::exception& e) {
    const auto* c10 = dynamic_cast<const c10::Error*>(&e);
    Diagnostic d;
    d.severity = Severity::error;
    d.file = source.name();
    d.message = c10 ? c10->what_without_backtrace() : e.what();
    if (dynamic_cast<const ShapeError*>(&e))
      d.message += "\n" + tracer.trace().format_shapes();
    uint32_t line = 0;
    const auto& frames = last_traceback();
    for (auto it = frames.rbegin(); it != frames.rend() && line == 0; ++it)
      if (it->file == source.name())
        line = it->line;
    d.span = line_span(source, line);
    return d;
  }
}

} // namespace kiln::lang
