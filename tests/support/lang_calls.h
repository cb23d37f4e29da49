#pragma once
// Calling objects of the model language from tests as the interpreter will: through Values and
// CallArgs, with positional and keyword arguments.

#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/lang/value.h"

namespace kiln::test {

using Keywords = std::vector<std::pair<std::string, lang::Value>>;

// object.name; throws kiln::Error when there is no such attribute.
lang::Value attr(const lang::Value& object, const std::string& name);
// f(*positional, **keywords).
lang::Value call(const lang::Value& f, std::vector<lang::Value> positional, Keywords keywords = {});
// object.name(*positional, **keywords), for namespaces and tensors alike.
lang::Value call(const lang::Value& object, const std::string& name,
                 std::vector<lang::Value> positional, Keywords keywords = {});
// The tensor a value holds; throws kiln::Error naming the type otherwise.
at::Tensor tensor(const lang::Value& v);

} // namespace kiln::test
