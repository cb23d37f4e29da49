#pragma once
// Python's string formatting for the values models format: format(value, spec), f-string fields
// and str.format. Site names built in loops are the common case (f"z_{t}", "x_{:03d}".format(i)).

#include <string>
#include <utility>
#include <vector>

#include "core/lang/value.h"

namespace kiln::lang {

// str(value): a string as itself, anything else as its repr.
std::string str_of(const Value& value);

// format(value, spec) with Python's format-spec mini-language
// ([[fill]align][sign][#][0][width][,|_][.precision][type]) for ints, floats, bools, strings and
// one-element tensors. A spec that does not fit the value is a kiln::Error as Python words it.
std::string format_value(const Value& value, const std::string& spec);

// format.format(*args, **kwargs): {} {0} {name} fields, with !r/!s conversions and specs.
std::string format_string(const std::string& format, const std::vector<Value>& args,
                          const std::vector<std::pair<std::string, Value>>& kwargs);

} // namespace kiln::lang
