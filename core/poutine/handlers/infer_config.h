#pragma once
// poutine.infer_config: adds entries to the infer dict of sample sites, computed per site;
// config_enumerate uses it to mark every enumerable latent site.

#include <functional>
#include <string>

#include "core/poutine/handler.h"
#include "core/poutine/model.h"

namespace kiln::poutine {

using ConfigFn = std::function<InferDict(const Message&)>;

class InferConfigHandler : public Handler {
public:
  explicit InferConfigHandler(ConfigFn config_fn) : config_fn_(std::move(config_fn)) {}
  void process_message(Message& msg) override;

private:
  ConfigFn config_fn_;
};

Model infer_config(Model model, ConfigFn config_fn);

// The config function of config_enumerate: marks each latent site whose distribution has
// enumerate support with {"enumerate": default_strategy, "expand": expand}, keeping what the
// site already says. An unknown strategy is an Error.
ConfigFn enumerate_config(const std::string& default_strategy = "parallel", bool expand = false);

// The model run under InferConfigHandler(enumerate_config(default_strategy, expand)).
Model config_enumerate(Model model, const std::string& default_strategy = "parallel",
                       bool expand = false);

} // namespace kiln::poutine
