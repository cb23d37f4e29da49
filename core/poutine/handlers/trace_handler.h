#pragma once
// poutine.trace: records every site of a run, in order.

#include "core/poutine/handler.h"
#include "core/poutine/model.h"
#include "core/poutine/trace.h"

namespace kiln::poutine {

class TraceHandler : public Handler {
public:
  void postprocess_message(Message& msg) override;
  const Trace& trace() const { return trace_; }
  Trace& trace() { return trace_; }

private:
  Trace trace_;
};

// Runs `model` under a fresh TraceHandler and returns the trace (Pyro's
// poutine.trace(model).get_trace()). When the model throws, the error is rethrown with the
// last site reached and the shapes table of the sites so far.
Trace get_trace(const Model& model);

} // namespace kiln::poutine
