#include "core/poutine/runtime.h"

#include "core/poutine/param_store.h"

namespace kiln::poutine {

Runtime& runtime() {
  thread_local Runtime rt{{}, std::make_shared<ParamStore>()};
  return rt;
}

ParamStore& param_store() { return *runtime().param_store; }

ParamStoreScope::ParamStoreScope(std::shared_ptr<ParamStore> store)
    : previous_(std::move(runtime().param_store)) {
  runtime().param_store = std::move(store);
}

ParamStoreScope::~ParamStoreScope() { runtime().param_store = std::move(previous_); }

} // namespace kiln::poutine
