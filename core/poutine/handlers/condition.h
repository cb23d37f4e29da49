#pragma once
// poutine.condition: sample sites named in `data` become observed with the given values.

#include "core/poutine/handler.h"
#include "core/poutine/model.h"
#include "core/poutine/trace.h"

namespace kiln::poutine {

class ConditionHandler : public Handler {
public:
  explicit ConditionHandler(ValueMap data) : data_(std::move(data)) {}
  void process_message(Message& msg) override;

private:
  ValueMap data_;
};

Model condition(Model model, ValueMap data);

// The values of a trace's sample sites, by name (to condition on a trace, as Pyro allows).
ValueMap sample_values(const Trace& trace);

} // namespace kiln::poutine
