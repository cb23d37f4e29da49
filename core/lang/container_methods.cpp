#include "core/lang/container_methods.h"

#include "core/lang/format_spec.h"

#include "core/lang/conversions.h"
#include "core/lang/function.h"
#include "core/util/error.h"

namespace kiln::lang {

namespace {

bool list_attribute(const ListPtr& list, const std::string& name, Value& out) {
  if (name == "append") {
    out = Value(make_builtin("list.append", {required("object")}, [list](const BoundArgs& a) {
      list->items.push_back(a[0]);
      return Value();
    }));
  } else if (name == "extend") {
    out = Value(make_builtin("list.extend", {required("iterable")}, [list](const BoundArgs& a) {
      const auto& more = to_items(a[0], "list.extend(): the argument");
      list->items.insert(list->items.end(), more.begin(), more.end());
      return Value();
    }));
  } else if (name == "pop") {
    out = Value(
        make_builtin("list.pop", {optional("index", int64_t(-1))}, [list](const BoundArgs& a) {
          auto n = static_cast<int64_t>(list->items.size());
          int64_t i = to_int(a[0], "list.pop(): index");
          if (i < 0)
            i += n;
          if (i < 0 || i >= n)
            throw Error("pop index out of range");
          Value v = list->items[i];
          list->items.erase(list->items.begin() + i);
          return v;
        }));
  } else if (name == "insert") {
    out = Value(make_builtin("list.insert", {required("index"), required("object")},
                             [list](const BoundArgs& a) {
                               auto n = static_cast<int64_t>(list->items.size());
                               int64_t i = to_int(a[0], "list.insert(): index");
                               i = std::clamp<int64_t>(i < 0 ? i + n : i, 0, n);
                               list->items.insert(list->items.begin() + i, a[1]);
                               return Value();
                             }));
  } else if (name == "index") {
    out = Value(make_builtin("list.index", {required("value")}, [list](const BoundArgs& a) {
      for (size_t i = 0; i < list->items.size(); ++i)
        if (equal(list->items[i], a[0]))
          return Value(static_cast<int64_t>(i));
      throw Error(repr(a[0]) + " is not in list");
    }));
  } else {
    return false;
  }
  return true;
}

bool dict_attribute(const DictPtr& dict, const std::string& name, Value& out) {
  if (name == "keys" || name == "values" || name == "items") {
    out = Value(make_builtin("dict." + name, {}, [dict, name](const BoundArgs&) {
      std::vector<Value> items;
      for (const auto& [k, v] : dict->items)
        items.push_back(name == "keys" ? k : name == "values" ? v : make_tuple({k, v}));
      return make_list(std::move(items));
    }));
  } else if (name == "get") {
    out = Value(make_builtin("dict.get", {required("key"), optional("default", None{})},
                             [dict](const BoundArgs& a) {
                               const Value* v = dict->find(a[0]);
                               return v ? *v : a[1];
                             }));
  } else {
    return false;
  }
  return true;
}

bool str_attribute(const std::string& s, const std::string& name, Value& out) {
  if (name == "join") {
    out = Value(make_builtin("str.join", {required("iterable")}, [s](const BoundArgs& a) {
      std::string joined;
      const auto& items = to_items(a[0], "str.join(): the argument");
      for (size_t i = 0; i < items.size(); ++i)
        joined += (i ? s : "") + to_str(items[i], "str.join(): each item");
      return Value(joined);
    }));
  } else if (name == "format") {
    out = Value(
        make_builtin("str.format", {star("args"), star_star("kwargs")}, [s](const BoundArgs& a) {
          std::vector<std::pair<std::string, Value>> kwargs;
          for (const auto& [k, v] : a[1].get<DictPtr>()->items)
            kwargs.emplace_back(k.get<std::string>(), v);
          return Value(format_string(s, a[0].get<TuplePtr>()->items, kwargs));
        }));
  } else {
    return false;
  }
  return true;
}

} // namespace

bool container_attribute(const Value& value, const std::string& name, Value& out) {
  if (auto l = value.get_if<ListPtr>())
    return list_attribute(*l, name, out);
  if (auto d = value.get_if<DictPtr>())
    return dict_attribute(*d, name, out);
  if (auto s = value.get_if<std::string>())
    return str_attribute(*s, name, out);
  if (auto t = value.get_if<TuplePtr>()) {
    const auto& names = (*t)->names;
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) {
        out = (*t)->items[i];
        return true;
      }
  }
  return false;
}

} // namespace kiln::lang
