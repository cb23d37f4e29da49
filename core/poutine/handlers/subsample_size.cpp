#include "core/poutine/handlers/subsample_size.h"

#include <algorithm>

#include "core/util/error.h"

namespace kiln::poutine {

SubsampleSizeHandler::SubsampleSizeHandler(int64_t size) : size_(size) {
  if (size < 1)
    throw DomainError("batch size is " + std::to_string(size) + ", but must be at least 1");
}

void SubsampleSizeHandler::process_message(Message& msg) {
  if (msg.type != SiteType::Plate || msg.value.defined() || msg.subsample_size >= msg.plate_size)
    return;
  msg.subsample_size = std::min(size_, msg.plate_size);
  resized_.insert(msg.name);
}

Model subsample_size(Model model, int64_t size) {
  return with_handler<SubsampleSizeHandler>(std::move(model), size);
}

} // namespace kiln::poutine
