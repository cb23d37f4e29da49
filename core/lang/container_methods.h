#pragma once
// Methods of lists, dicts and strings that models use: list.append, dict.items, str.format...

#include <string>

#include "core/lang/value.h"

namespace kiln::lang {

// Sets `out` to the bound method and returns true when `value` has the attribute.
bool container_attribute(const Value& value, const std::string& name, Value& out);

} // namespace kiln::lang
