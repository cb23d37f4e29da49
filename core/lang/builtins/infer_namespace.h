#pragma once
// The pyro.infer namespace of the model language: what a model file imports from it to
// configure inference, config_enumerate so far (`model = config_enumerate(model)`).

#include "core/lang/function.h"

namespace kiln::lang {

NamespacePtr make_infer_namespace();

} // namespace kiln::lang
