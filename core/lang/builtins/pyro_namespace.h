#pragma once
// The pyro and pyro.poutine namespaces of the model language: sample, param, plate,
// deterministic, factor, module, subsample, markov, and handlers as context managers.

#include "core/lang/function.h"

namespace kiln::lang {

NamespacePtr make_pyro_namespace();
NamespacePtr make_poutine_namespace();

} // namespace kiln::lang
