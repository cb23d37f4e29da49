#include "core/poutine/handlers/infer_config.h"

#include "core/util/error.h"

namespace kiln::poutine {

void InferConfigHandler::process_message(Message& msg) {
  if (msg.type != SiteType::Sample && msg.type != SiteType::Param)
    return;
  for (auto& [key, value] : config_fn_(msg))
    msg.infer[key] = value;
}

Model infer_config(Model model, ConfigFn config_fn) {
  return with_handler<InferConfigHandler>(std::move(model), config_fn);
}

Model config_enumerate(Model model, const std::string& default_strategy, bool expand) {
  return infer_config(std::move(model), enumerate_config(default_strategy, expand));
}

ConfigFn enumerate_config(const std::string& default_strategy, bool expand) {
  if (default_strategy != "parallel" && default_strategy != "sequential")
    throw Error("config_enumerate: default is '" + default_strategy +
                "', but must be 'parallel' or 'sequential'");
  return [default_strategy, expand](const Message& msg) {
    InferDict config;
    if (msg.type != SiteType::Sample || msg.is_observed || !msg.fn ||
        !msg.fn->has_enumerate_support())
      return config;
    config["enumerate"] = infer_string(msg.infer, "enumerate", default_strategy);
    config["expand"] = infer_bool(msg.infer, "expand", expand);
    return config;
  };
}

} // namespace kiln::poutine
