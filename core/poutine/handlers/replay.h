#pragma once
// poutine.replay: sample sites take the values a guide trace recorded for them, and params
// optionally take given values.

#include "core/poutine/handler.h"
#include "core/poutine/model.h"
#include "core/poutine/trace.h"

namespace kiln::poutine {

class ReplayHandler : public Handler {
public:
  explicit ReplayHandler(const Trace& trace, ValueMap params = {})
      : trace_(trace), params_(std::move(params)) {}
  void process_message(Message& msg) override;

private:
  const Trace& trace_;
  ValueMap params_;
};

// The trace is copied into the returned model.
Model replay(Model model, Trace trace, ValueMap params = {});

} // namespace kiln::poutine
