#include "core/poutine/handlers/do_intervention.h"

#include <atomic>

namespace kiln::poutine {

namespace {
std::atomic<int64_t> next_id{1};
const char* const kIntervenerKey = "_intervener_id";
} // namespace

DoHandler::DoHandler(ValueMap data) : data_(std::move(data)), id_(next_id++) {}

void DoHandler::process_message(Message& msg) {
  if (msg.type != SiteType::Sample || infer_int(msg.infer, kIntervenerKey) == id_)
    return;
  auto it = data_.find(msg.name);
  if (it == data_.end() || !it->second.defined())
    return;
  // The site proper goes through the whole stack without the plates it has already passed
  // (it will meet them again) and without this intervention.
  Message actual = msg;
  actual.infer[kIntervenerKey] = id_;
  actual.cond_indep_stack.clear();

  actual.mask = at::Tensor();
  actual.scale = Scale();
  apply_stack(actual);

  msg.name += "__CF";
  msg.value = it->second;
  msg.is_observed = true;
  msg.stop = true;
}

Model do_(Model model, ValueMap data) {
  return with_handler<DoHandler>(std::move(model), data);
}

} // namespace kiln::poutine
