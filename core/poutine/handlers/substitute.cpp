#include "core/poutine/handlers/substitute.h"

namespace kiln::poutine {

void SubstituteHandler::process_message(Message& msg) {
  if (msg.type != SiteType::Sample && msg.type != SiteType::Param && msg.type != SiteType::Plate)
    return;
  auto it = data_.find(msg.name);
  if (it == data_.end() || !it->second.defined())
    return;
  msg.value = it->second;
  msg.done = true;
}

Model substitute(Model model, ValueMap data) {
  return with_handler<SubstituteHandler>(std::move(model), data);
}

} // namespace kiln::poutine
