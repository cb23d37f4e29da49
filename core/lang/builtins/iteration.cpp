#include "core/lang/builtins/iteration.h"

#include <ATen/ATen.h>

#include "core/util/error.h"

namespace kiln::lang {

std::vector<Value> iterate_values(const Value& value, const std::string& what) {
  if (auto l = value.get_if<ListPtr>())
    return (*l)->items;
  if (auto t = value.get_if<TuplePtr>())
    return (*t)->items;
  if (auto d = value.get_if<DictPtr>()) {
    std::vector<Value> keys;
    for (const auto& [key, v] : (*d)->items)
      keys.push_back(key);
    return keys;
  }
  if (auto s = value.get_if<std::string>()) {
    std::vector<Value> chars;
    for (char c : *s)
      chars.emplace_back(std::string(1, c));
    return chars;
  }
  if (auto t = value.get_if<at::Tensor>()) {
    if (t->dim() == 0)
      throw ShapeError((what.empty() ? "" : what + ": ") + "iteration over a 0-d tensor");
    std::vector<at::Tensor> rows = t->unbind(0);
    return std::vector<Value>(rows.begin(), rows.end());
  }
  if (auto o = value.get_if<ObjectPtr>()) {
    std::unique_ptr<Iterator> it = (*o)->iterate();
    std::vector<Value> out;
    Value next;
    while (it->next(next))
      out.push_back(std::move(next));
    return out;
  }
  throw Error((what.empty() ? "" : what + ": ") + "'" + type_name(value) +
              "' object is not iterable");
}

} // namespace kiln::lang
