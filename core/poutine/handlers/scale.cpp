#include "core/poutine/handlers/scale.h"

#include <ATen/ATen.h>

#include "core/util/error.h"
#include "core/util/format.h"

namespace kiln::poutine {

ScaleHandler::ScaleHandler(double factor) {
  if (!(factor > 0))
    throw DomainError("scale: the factor is " + format_number(factor) + ", but must be positive");
  scale_.factor = factor;
}

ScaleHandler::ScaleHandler(at::Tensor factor) {
  if (!(factor > 0).all().item<bool>())
    throw DomainError("scale: every entry of the factor must be positive");
  scale_.tensor = std::move(factor);
}

void ScaleHandler::process_message(Message& msg) {
  if (msg.type != SiteType::Sample)
    return;
  msg.scale *= scale_.factor;
  if (scale_.tensor.defined())
    msg.scale *= scale_.tensor;
}

Model scale(Model model, double factor) {
  return with_handler<ScaleHandler>(std::move(model), factor);
}

Model scale(Model model, at::Tensor factor) {
  return with_handler<ScaleHandler>(std::move(model), factor);
}

} // namespace kiln::poutine
