#pragma once
// poutine.uncondition: observed sample sites are drawn instead; the data is kept in
// infer["obs"] and infer["was_observed"] is set (used to sample from the joint prior).

#include "core/poutine/handler.h"
#include "core/poutine/model.h"

namespace kiln::poutine {

class UnconditionHandler : public Handler {
public:
  void process_message(Message& msg) override;
};

Model uncondition(Model model);

} // namespace kiln::poutine
