#include "core/poutine/handlers/uncondition.h"

namespace kiln::poutine {

void UnconditionHandler::process_message(Message& msg) {
  if (msg.type != SiteType::Sample || !msg.is_observed)
    return;
  msg.infer["obs"] = msg.value;
  msg.infer["was_observed"] = true;
  msg.is_observed = false;
  msg.value = at::Tensor();
  msg.done = false;
}

Model uncondition(Model model) {
  return with_handler<UnconditionHandler>(std::move(model));
}

} // namespace kiln::poutine
