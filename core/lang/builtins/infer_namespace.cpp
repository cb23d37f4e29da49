#include "core/lang/builtins/infer_namespace.h"

#include "core/lang/builtins/pyro_namespace.h"
#include "core/lang/conversions.h"
#include "core/poutine/handlers/infer_config.h"
#include "core/util/error.h"

namespace kiln::lang {

NamespacePtr make_infer_namespace() {
  auto ns = std::make_shared<Namespace>("pyro.infer");
  ns->define_function(
      "config_enumerate",
      {optional("guide", None{}), optional("default", "parallel"), optional("expand", false),
       optional("num_samples", None{})},
      [](const BoundArgs& a) {
        if (!a[3].is_none())
          throw NotSupportedError("config_enumerate(): num_samples (Monte Carlo enumeration) "
                                  "is not supported");
        // enumerate_config rejects a strategy other than parallel/sequential.
        auto config = poutine::enumerate_config(to_str(a[1], "config_enumerate(): default"),
                                                to_bool(a[2], "config_enumerate(): expand"));
        auto wrap = [config](const Value& fn) {
          return handler_call("config_enumerate", fn,
                              std::make_unique<poutine::InferConfigHandler>(config));
        };
        if (!a[0].is_none())
          return wrap(a[0]);
        // config_enumerate(default=...) returns the decorator.
        return Value(make_builtin("config_enumerate", {required("fn")},
                                  [wrap](const BoundArgs& b) { return wrap(b[0]); }));
      });
  return ns;
}

} // namespace kiln::lang
