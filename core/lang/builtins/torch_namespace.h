#pragma once
// The `torch` module of the model language: dtypes, tensor creation, the tensor functions of
// tensor_function.h, and the sub-modules torch.linalg, torch.nn and torch.nn.functional.

#include "core/lang/function.h"

namespace kiln::lang {

// Also makes float64 ATen's default dtype (once, process-wide), so that float literals and
// torch.zeros(...) are float64 as in a model run with torch.set_default_dtype(torch.float64).
NamespacePtr make_torch_namespace();

} // namespace kiln::lang
