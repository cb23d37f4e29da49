#pragma once
// poutine.do: an intervention. The model still draws each named site (recorded under its own
// name), but the code downstream sees the given value, as if the site were set by hand. The
// intervened site is passed on as "name__CF", observed, to the handlers inside this one only.

#include <cstdint>

#include "core/poutine/handler.h"
#include "core/poutine/model.h"

namespace kiln::poutine {

class DoHandler : public Handler {
public:
  explicit DoHandler(ValueMap data);
  void process_message(Message& msg) override;

private:
  ValueMap data_;
  int64_t id_;
};

Model do_(Model model, ValueMap data);

} // namespace kiln::poutine
