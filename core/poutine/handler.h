#pragma once
// Handlers give primitives their meaning. A handler sees each message twice: on the way down
// the stack (process_message, innermost handler first) and on the way back up
// (postprocess_message, outermost first), as in Pyro's Messenger.

#include <cstddef>

#include "core/poutine/message.h"
#include "core/poutine/model.h"

namespace kiln::poutine {

class Handler {
public:
  virtual ~Handler() = default;

  virtual void process_message(Message& msg) {}
  virtual void postprocess_message(Message& msg) {}

  // Called when the handler is pushed and when it is popped (also when an exception unwinds
  // the stack past it); exit must not throw.
  virtual void enter() {}
  virtual void exit() noexcept {}
};

// Pushes a handler for the lifetime of the scope. Its destructor pops the handler and every
// handler pushed after it, so an exception thrown anywhere inside leaves the stack as it was.
class HandlerScope {
public:
  explicit HandlerScope(Handler& handler);
  ~HandlerScope();
  HandlerScope(const HandlerScope&) = delete;
  HandlerScope& operator=(const HandlerScope&) = delete;

private:
  size_t depth_;
};

// The model run under a fresh H(args...) at each call: how every poutine.f(fn, ...) is made.
template <class H, class... Args> Model with_handler(Model model, Args... args) {
  return [model = std::move(model), args...] {
    H handler(args...);
    HandlerScope scope(handler);
    model();
  };
}

// Sends a message through the current thread's stack: process_message from the innermost
// handler down to the outermost (or to the first that sets `stop`), the default step when no
// handler set `done`, then postprocess_message back up through the handlers that saw it.
// Errors are rethrown with the site's name.
void apply_stack(Message& msg);

// True when some handler is active on this thread (primitives take a fast path otherwise).
bool has_handlers();

} // namespace kiln::poutine
