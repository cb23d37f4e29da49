#pragma once
// poutine.mask: drops the log density of sample sites where the mask is false (a bool, or a
// bool tensor that broadcasts with the sites' batch shapes). Masks nest by logical and.

#include <ATen/core/Tensor.h>

#include "core/poutine/handler.h"
#include "core/poutine/model.h"

namespace kiln::poutine {

class MaskHandler : public Handler {
public:
  // Throws ShapeError unless the mask is a bool tensor.
  explicit MaskHandler(at::Tensor mask);
  explicit MaskHandler(bool mask);
  void process_message(Message& msg) override;

private:
  at::Tensor mask_;
};

Model mask(Model model, at::Tensor mask);

} // namespace kiln::poutine
