#include "core/lang/value.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/util/error.h"
#include "core/util/format.h"
#include "core/util/shape.h"
#include "core/util/value_reads.h"

namespace kiln::lang {

const Value* DictData::find(const Value& key) const {
  for (const auto& [k, v] : items)
    if (equal(k, key))
      return &v;
  return nullptr;
}

void DictData::set(Value key, Value value) {
  for (auto& [k, v] : items)
    if (equal(k, key)) {
      v = std::move(value);
      return;
    }
  items.emplace_back(std::move(key), std::move(value));
}

Value make_list(std::vector<Value> items) {
  auto l = std::make_shared<ListData>();
  l->items = std::move(items);
  return Value(ListPtr(std::move(l)));
}

Value make_tuple(std::vector<Value> items) {
  auto t = std::make_shared<TupleData>();
  t->items = std::move(items);
  return Value(TuplePtr(std::move(t)));
}

Value make_dict() {
  return Value(std::make_shared<DictData>());
}

std::string type_name(const Value& value) {
  struct {
    std::string operator()(const None&) { return "NoneType"; }
    std::string operator()(bool) { return "bool"; }
    std::string operator()(int64_t) { return "int"; }
    std::string operator()(double) { return "float"; }
    std::string operator()(const std::string&) { return "str"; }
    std::string operator()(const at::Tensor&) { return "Tensor"; }
    std::string operator()(const ListPtr&) { return "list"; }
    std::string operator()(const TuplePtr&) { return "tuple"; }
    std::string operator()(const DictPtr&) { return "dict"; }
    std::string operator()(const ObjectPtr& o) { return o->type_name(); }
  } visitor;
  return std::visit(visitor, value.v);
}

namespace {

std::string join_repr(const std::vector<Value>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i)
    out += (i ? ", " : "") + repr(items[i]);
  return out;
}

std::string float_repr(double x) {
  if (std::isnan(x))
    return "nan";
  if (std::isinf(x))
    return x > 0 ? "inf" : "-inf";
  std::string s = format_number(x);
  if (s.find_first_of(".eE") == std::string::npos)
    s += ".0";
  return s;
}

// Python's choice of quote: single, unless the text has a single quote and no double quote.
std::string string_repr(const std::string& s) {
  const char quote =
      s.find('\'') != std::string::npos && s.find('"') == std::string::npos ? '"' : '\'';
  std::string out(1, quote);
  for (char c : s) {
    if (c == quote || c == '\\')
      out += '\\';
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else
      out += c;
  }
  return out + quote;
}

} // namespace

std::string repr(const Value& value) {
  struct {
    std::string operator()(const None&) { return "None"; }
    std::string operator()(bool b) { return b ? "True" : "False"; }
    std::string operator()(int64_t x) { return std::to_string(x); }
    std::string operator()(double x) { return float_repr(x); }
    std::string operator()(const std::string& s) { return string_repr(s); }
    std::string operator()(const at::Tensor& t) {
      if (!t.defined())
        return "tensor(undefined)";
      if (t.numel() <= 6)
        return "tensor(" + format_values(t) + ")";
      return "tensor of shape " + format_shape(t.sizes().vec());
    }
    std::string operator()(const ListPtr& l) { return "[" + join_repr(l->items) + "]"; }
    std::string operator()(const TuplePtr& t) {
      return "(" + join_repr(t->items) + (t->items.size() == 1 ? ",)" : ")");
    }
    std::string operator()(const DictPtr& d) {
      std::string out;
      for (size_t i = 0; i < d->items.size(); ++i)
        out += (i ? ", " : "") + repr(d->items[i].first) + ": " + repr(d->items[i].second);
      return "{" + out + "}";
    }
    std::string operator()(const ObjectPtr& o) { return o->repr(); }
  } visitor;
  return std::visit(visitor, value.v);
}

bool truthy(const Value& value) {
  struct {
    bool operator()(const None&) { return false; }
    bool operator()(bool b) { return b; }
    bool operator()(int64_t x) { return x != 0; }
    bool operator()(double x) { return x != 0; }
    bool operator()(const std::string& s) { return !s.empty(); }
    bool operator()(const at::Tensor& t) {
      if (t.numel() != 1)
        throw Error("the truth value of a tensor with " + std::to_string(t.numel()) +
                    " elements is ambiguous: use .any() or .all()");
      note_value_read(t);
      return t.item<double>() != 0;
    }
    bool operator()(const ListPtr& l) { return !l->items.empty(); }
    bool operator()(const TuplePtr& t) { return !t->items.empty(); }
    bool operator()(const DictPtr& d) { return !d->items.empty(); }
    bool operator()(const ObjectPtr&) { return true; }
  } visitor;
  return std::visit(visitor, value.v);
}

namespace {

bool as_double(const Value& v, double& out) {
  if (auto b = v.get_if<bool>())
    out = *b;
  else if (auto i = v.get_if<int64_t>())
    out = static_cast<double>(*i);
  else if (auto d = v.get_if<double>())
    out = *d;
  else
    return false;
  return true;
}

bool equal_items(const std::vector<Value>& a, const std::vector<Value>& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!equal(a[i], b[i]))
      return false;
  return true;
}

} // namespace

bool equal(const Value& a, const Value& b) {
  double x, y;
  if (as_double(a, x) && as_double(b, y))
    return x == y;
  if (a.v.index() != b.v.index())
    return false;
  if (auto s = a.get_if<std::string>())
    return *s == b.get<std::string>();
  if (a.is_none())
    return true;
  if (auto t = a.get_if<at::Tensor>())
    return t->sizes() == b.get<at::Tensor>().sizes() && at::equal(*t, b.get<at::Tensor>());
  if (auto l = a.get_if<ListPtr>())
    return equal_items((*l)->items, b.get<ListPtr>()->items);
  if (auto t = a.get_if<TuplePtr>())
    return equal_items((*t)->items, b.get<TuplePtr>()->items);
  if (auto d = a.get_if<DictPtr>()) {
    const auto& other = b.get<DictPtr>();
    if ((*d)->items.size() != other->items.size())
      return false;
    for (const auto& [k, v] : (*d)->items) {
      const Value* w = other->find(k);
      if (!w || !equal(v, *w))
        return false;
    }
    return true;
  }
  return a.get<ObjectPtr>() == b.get<ObjectPtr>();
}

Value Object::call(CallArgs&) {
  throw Error("'" + type_name() + "' object is not callable");
}

bool Object::get_attribute(const std::string&, Value&) {
  return false;
}

std::unique_ptr<Iterator> Object::iterate() {
  throw Error("'" + type_name() + "' object is not iterable");
}

Value Object::enter() {
  throw Error("'" + type_name() + "' object cannot be used in a with statement");
}

void Object::exit() noexcept {}

} // namespace kiln::lang
