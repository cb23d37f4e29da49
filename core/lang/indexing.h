#pragma once
// Subscripts: x[i], x[a:b:c], x[..., None], x[mask], d["key"], with Python's rules for lists,
// tuples, strings and dicts and torch's for tensors.

#include <optional>

#include "core/lang/value.h"

namespace kiln::lang {

// a:b:c inside a subscript.
class SliceObject : public Object {
public:
  std::string type_name() const override { return "slice"; }
  std::optional<int64_t> start, stop, step;
};

// The `...` literal.
Value ellipsis();
bool is_ellipsis(const Value& v);

Value get_item(const Value& container, const Value& index);
// Item assignment: lists and dicts in place; for tensors, torch's x[index] = value.
void set_item(Value& container, const Value& index, const Value& value);

} // namespace kiln::lang
