#include "core/poutine/handler.h"

#include <ATen/ATen.h>

#include "core/poutine/param_store.h"
#include "core/poutine/runtime.h"
#include "core/util/error_context.h"
#include "core/util/random.h"

namespace kiln::poutine {

namespace {

at::Tensor draw_subsample(int64_t size, int64_t subsample_size) {
  if (subsample_size >= size)
    return at::arange(size, at::kLong);
  return subsample_indices(size, subsample_size);
}

// What a primitive means when no handler decided its value.
void default_process(Message& msg) {
  switch (msg.type) {
  case SiteType::Sample:
    msg.value = msg.fn->has_rsample() ? msg.fn->rsample() : msg.fn->sample();
    break;
  case SiteType::Param:
    msg.value = param_store().get_or_create(msg.name, msg.init, msg.constraint);
    break;
  case SiteType::Plate:
    msg.value = draw_subsample(msg.plate_size, msg.subsample_size);
    break;
  case SiteType::Deterministic:
  case SiteType::Subsample:
    break;
  }
}

} // namespace

HandlerScope::HandlerScope(Handler& handler) : depth_(runtime().stack.size()) {
  runtime().stack.push_back(&handler);
  try {
    handler.enter();
  } catch (...) {
    runtime().stack.pop_back();
    throw;
  }
}

HandlerScope::~HandlerScope() {
  auto& stack = runtime().stack;
  while (stack.size() > depth_) {
    Handler* h = stack.back();
    stack.pop_back();
    h->exit();
  }
}

bool has_handlers() {
  return !runtime().stack.empty();
}

void apply_stack(Message& msg) {
  // By index: a handler may send messages of its own (do, plates drawing subsamples), which
  // leaves the stack as it found it.
  const std::vector<Handler*>& stack = runtime().stack;
  try {
    size_t pointer = stack.size();
    while (pointer > 0) {
      stack[--pointer]->process_message(msg);
      if (msg.stop)
        break;
    }
    if (!msg.value.defined() && !msg.done)
      default_process(msg);
    msg.done = true;
    for (size_t i = pointer; i < stack.size(); ++i)
      stack[i]->postprocess_message(msg);
  } catch (...) {
    rethrow_with_context("", std::string("\n  at ") + site_type_name(msg.type) + " site '" +
                                 msg.name + "'");
  }
}

} // namespace kiln::poutine
