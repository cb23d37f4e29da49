#pragma once
// poutine.substitute: sample, param and plate sites named in `data` take the given values
// without becoming observed (how MCMC draws and fitted params are put back into a model).

#include "core/poutine/handler.h"
#include "core/poutine/model.h"

namespace kiln::poutine {

class SubstituteHandler : public Handler {
public:
  explicit SubstituteHandler(ValueMap data) : data_(std::move(data)) {}
  void process_message(Message& msg) override;

private:
  ValueMap data_;
};

Model substitute(Model model, ValueMap data);

} // namespace kiln::poutine
