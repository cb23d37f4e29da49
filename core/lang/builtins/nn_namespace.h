#pragma once
// torch.nn: Linear, the activation modules, Sequential, and torch.nn.functional as `functional`.

#include "core/lang/function.h"

namespace kiln::lang {

NamespacePtr make_nn_namespace();

} // namespace kiln::lang
