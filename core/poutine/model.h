#pragma once
// A model (or guide) is any callable that calls the primitives; its data and arguments are
// captured. Handlers wrap models into models.

#include <functional>
#include <map>
#include <string>

#include <ATen/core/Tensor.h>

namespace kiln::poutine {

using Model = std::function<void()>;

// Values by site name: what condition, substitute, do and replay's params take.
using ValueMap = std::map<std::string, at::Tensor>;

} // namespace kiln::poutine
