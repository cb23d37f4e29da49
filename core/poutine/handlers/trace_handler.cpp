#include "core/poutine/handlers/trace_handler.h"

#include <cstring>

#include "core/util/error_context.h"

namespace kiln::poutine {

void TraceHandler::postprocess_message(Message& msg) {
  if (msg.type == SiteType::Subsample)
    return;
  Site site;
  static_cast<Message&>(site) = msg;
  trace_.add(std::move(site));
}

Trace get_trace(const Model& model) {
  TraceHandler tracer;
  try {
    HandlerScope scope(tracer);
    model();
  } catch (const std::exception& e) {
    // An inner trace (an ELBO tracing a guide inside a model) has already added the table.
    if (std::strstr(e.what(), "Trace Shapes:"))
      throw;
    const auto& sites = tracer.trace().sites();
    // Errors raised at a site already name it; others happened in the model's own code.
    const bool at_site = std::strstr(e.what(), " site '") != nullptr;
    std::string where =
        sites.empty() || at_site ? "" : "\n  after site '" + sites.back().name + "'";
    rethrow_with_context("", where + "\n" + tracer.trace().format_shapes());
  }
  return std::move(tracer.trace());
}

} // namespace kiln::poutine
