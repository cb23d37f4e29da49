#include "core/poutine/handlers/condition.h"

namespace kiln::poutine {

void ConditionHandler::process_message(Message& msg) {
  if (msg.type != SiteType::Sample)
    return;
  auto it = data_.find(msg.name);
  if (it == data_.end() || !it->second.defined())
    return;
  msg.value = it->second;
  msg.is_observed = true;
}

Model condition(Model model, ValueMap data) {
  return with_handler<ConditionHandler>(std::move(model), data);
}

ValueMap sample_values(const Trace& trace) {
  ValueMap values;
  for (const Site& s : trace.sites())
    if (s.type == SiteType::Sample)
      values[s.name] = s.value;
  return values;
}

} // namespace kiln::poutine
