#pragma once
// The pyro and pyro.poutine namespaces of the model language: sample, param, plate,
// deterministic, factor, module, subsample, markov, and handlers as context managers.

#include <memory>

#include "core/lang/function.h"
#include "core/poutine/handler.h"

namespace kiln::lang {

NamespacePtr make_pyro_namespace();
NamespacePtr make_poutine_namespace();

// What a handler applied to a function gives (poutine.scale(fn, scale=s), config_enumerate(fn)):
// calling it calls the function under the handler. The function stays reachable, so that data
// binds by the parameter names of a model written `model = config_enumerate(model)`.
// A poutine handler as the language uses it: a context manager when `fn` is None, else `fn`
// wrapped (a WrappedFunction) so that each call runs under the handler.
Value handler_call(const char* name, const Value& fn, std::unique_ptr<poutine::Handler> handler);

class WrappedFunction : public Object {
public:
  WrappedFunction(std::string name, ObjectPtr handler, ObjectPtr wrapped)
      : name_(std::move(name)), handler_(std::move(handler)), wrapped_(std::move(wrapped)) {}
  std::string type_name() const override { return "function"; }
  std::string repr() const override { return "<function " + name_ + ">"; }
  Value call(CallArgs& args) override;
  const ObjectPtr& wrapped() const { return wrapped_; }

private:
  std::string name_;
  ObjectPtr handler_; // entered around each call
  ObjectPtr wrapped_;
};

} // namespace kiln::lang
