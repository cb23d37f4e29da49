#pragma once
// poutine.scale: multiplies the log density of every sample site inside by a positive factor
// (a number, or a tensor that broadcasts with the sites' batch shapes).

#include <ATen/core/Tensor.h>

#include "core/poutine/handler.h"
#include "core/poutine/model.h"

namespace kiln::poutine {

class ScaleHandler : public Handler {
public:
  // Throws DomainError unless the factor is positive.
  explicit ScaleHandler(double factor);
  explicit ScaleHandler(at::Tensor factor);
  void process_message(Message& msg) override;

private:
  Scale scale_;
};

Model scale(Model model, double factor);
Model scale(Model model, at::Tensor factor);

} // namespace kiln::poutine
