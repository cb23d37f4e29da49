#include "core/poutine/handlers/mask.h"

#include <ATen/ATen.h>

#include "core/util/error.h"

namespace kiln::poutine {

MaskHandler::MaskHandler(at::Tensor mask) : mask_(std::move(mask)) {
  if (!mask_.defined() || mask_.scalar_type() != at::kBool)
    throw ShapeError("mask: the mask must be a bool tensor");
}

MaskHandler::MaskHandler(bool mask) : mask_(at::scalar_tensor(mask, at::kBool)) {}

void MaskHandler::process_message(Message& msg) {
  if (msg.type != SiteType::Sample)
    return;
  msg.mask = msg.mask.defined() ? at::logical_and(mask_, msg.mask) : mask_;
}

Model mask(Model model, at::Tensor mask) {
  return with_handler<MaskHandler>(std::move(model), mask);
}

} // namespace kiln::poutine
