#pragma once
// What a `for` loop, list(...), zip(...) and sum(...) walk over, as Python does: the items of
// lists and tuples, the keys of dicts, the characters of strings, the rows of a tensor (along
// dim 0), and whatever an object's iterate() yields (range, plates).

#include <string>
#include <vector>

#include "core/lang/value.h"

namespace kiln::lang {

// Every value of the iteration, in order. `what` names the iterated argument in the error for a
// value that cannot be iterated ("zip() argument 2: 'int' object is not iterable"); empty, the
// error is Python's alone.
std::vector<Value> iterate_values(const Value& value, const std::string& what);

} // namespace kiln::lang
