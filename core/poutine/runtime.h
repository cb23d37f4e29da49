#pragma once
// The state a model runs against, one per thread: the handler stack and the param store.
// Chains and the workbench run models on several threads at once, each against its own.

#include <memory>
#include <vector>

namespace kiln::poutine {

class Handler;
class ParamStore;

struct Runtime {
  // Active handlers, outermost first.
  std::vector<Handler*> stack;
  // The store pyro.param reads and writes; threads may share one through ParamStoreScope.
  std::shared_ptr<ParamStore> param_store;
};

// The calling thread's runtime.
Runtime& runtime();

// The store of the calling thread's runtime.
ParamStore& param_store();

// Makes `store` the calling thread's param store for the lifetime of the scope (an SVI run on
// a worker thread uses the store its caller reads afterwards).
class ParamStoreScope {
public:
  explicit ParamStoreScope(std::shared_ptr<ParamStore> store);
  ~ParamStoreScope();
  ParamStoreScope(const ParamStoreScope&) = delete;
  ParamStoreScope& operator=(const ParamStoreScope&) = delete;

private:
  std::shared_ptr<ParamStore> previous_;
};

} // namespace kiln::poutine
