#include "core/poutine/handlers/replay.h"

#include <memory>

#include "core/util/error.h"

namespace kiln::poutine {

void ReplayHandler::process_message(Message& msg) {
  if (msg.type == SiteType::Param) {
    auto it = params_.find(msg.name);
    if (it != params_.end()) {
      msg.value = it->second;
      msg.done = true;
    }
    return;
  }
  if (msg.type != SiteType::Sample && msg.type != SiteType::Plate)
    return;
  if (msg.is_observed || !trace_.contains(msg.name))
    return;
  const Site& recorded = trace_.at(msg.name);
  if (recorded.type != msg.type || recorded.is_observed)
    throw Error("replay: site '" + msg.name + "' must be " +
                (msg.type == SiteType::Plate ? "a plate" : "sampled") + " in the replayed trace");
  msg.value = recorded.value;
  if (msg.type == SiteType::Sample)
    msg.infer = recorded.infer;
  msg.done = true;
}

Model replay(Model model, Trace trace, ValueMap params) {
  auto shared = std::make_shared<const Trace>(std::move(trace));
  return [model = std::move(model), shared, params = std::move(params)] {
    ReplayHandler handler(*shared, params);
    HandlerScope scope(handler);
    model();
  };
}

} // namespace kiln::poutine
