#pragma once
// What a model can import (torch, torch.nn, torch.nn.functional, pyro, pyro.distributions,
// pyro.distributions.constraints, pyro.poutine, pyro.infer, math) and the Python builtins, built
// once and shared by every program and thread (they hold no state).

#include <string>
#include <vector>

#include "core/lang/function.h"

namespace kiln::lang {

// The module of a dotted name, or null when Kiln does not provide it.
NamespacePtr find_module(const std::string& dotted_name);
std::vector<std::string> module_names();
// range, len, zip, ...
Namespace& python_builtins();

} // namespace kiln::lang
