#include "core/lang/indexing.h"

#include "core/lang/builtins/range.h"

#include <ATen/ATen.h>
#include <ATen/TensorIndexing.h>

#include "core/lang/conversions.h"
#include "core/util/error.h"

namespace kiln::lang {

namespace {

class EllipsisObject : public Object {
public:
  std::string type_name() const override { return "ellipsis"; }
  std::string repr() const override { return "Ellipsis"; }
};

int64_t normalize(int64_t i, int64_t size, const char* what) {
  int64_t j = i < 0 ? i + size : i;
  if (j < 0 || j >= size)
    throw ShapeError(std::string(what) + " index " + std::to_string(i) +
                     " out of range for length " + std::to_string(size));
  return j;
}

std::vector<Value> slice_items(const std::vector<Value>& items, const SliceObject& s) {
  const auto n = static_cast<int64_t>(items.size());
  const int64_t step = s.step.value_or(1);
  if (step == 0)
    throw Error("slice step cannot be zero");
  auto clamp = [&](std::optional<int64_t> v, int64_t fallback) {
    if (!v)
      return fallback;
    int64_t x = *v < 0 ? *v + n : *v;
    return step > 0 ? std::clamp<int64_t>(x, 0, n) : std::clamp<int64_t>(x, -1, n - 1);
  };
  int64_t start = clamp(s.start, step > 0 ? 0 : n - 1);
  int64_t stop = clamp(s.stop, step > 0 ? n : -1);
  std::vector<Value> out;
  for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step)
    out.push_back(items[i]);
  return out;
}

at::indexing::TensorIndex tensor_index(const Value& v) {
  using at::indexing::Slice;
  using at::indexing::TensorIndex;
  if (v.is_none())
    return TensorIndex(at::indexing::None);
  if (is_ellipsis(v))
    return TensorIndex(at::indexing::Ellipsis);
  if (auto b = v.get_if<bool>())
    return TensorIndex(*b);
  if (auto i = v.get_if<int64_t>())
    return TensorIndex(*i);
  if (auto o = v.get_if<ObjectPtr>())
    if (auto s = dynamic_cast<const SliceObject*>(o->get())) {
      if (s->step && *s->step <= 0)
        throw Error("tensor slices need a positive step");
      return TensorIndex(Slice(s->start ? c10::optional<int64_t>(*s->start) : c10::nullopt,
                               s->stop ? c10::optional<int64_t>(*s->stop) : c10::nullopt,
                               s->step ? c10::optional<int64_t>(*s->step) : c10::nullopt));
    }
  if (v.is<at::Tensor>() || v.is<ListPtr>()) {
    at::Tensor t = to_tensor(v, "a tensor index");
    if (t.is_floating_point())
      throw Error("tensors used as indices must be long, int or bool, not float");
    return TensorIndex(t);
  }
  throw Error("'" + type_name(v) + "' cannot index a tensor");
}

std::vector<at::indexing::TensorIndex> tensor_indices(const Value& index) {
  std::vector<at::indexing::TensorIndex> out;
  if (auto t = index.get_if<TuplePtr>()) {
    for (const Value& v : (*t)->items)
      out.push_back(tensor_index(v));
  } else {
    out.push_back(tensor_index(index));
  }
  return out;
}

} // namespace

Value ellipsis() {
  static const ObjectPtr instance = std::make_shared<EllipsisObject>();
  return Value(instance);
}

bool is_ellipsis(const Value& v) {
  auto o = v.get_if<ObjectPtr>();
  return o && dynamic_cast<const EllipsisObject*>(o->get());
}

Value get_item(const Value& container, const Value& index) {
  if (auto t = container.get_if<at::Tensor>()) {
    try {
      return t->index(tensor_indices(index));
    } catch (const c10::Error& e) {
      throw ShapeError(std::string("tensor indexing: ") + e.what_without_backtrace());
    }
  }
  const std::vector<Value>* items = nullptr;
  if (auto l = container.get_if<ListPtr>())
    items = &(*l)->items;
  else if (auto tp = container.get_if<TuplePtr>())
    items = &(*tp)->items;
  if (items) {
    if (auto o = index.get_if<ObjectPtr>())
      if (auto s = dynamic_cast<const SliceObject*>(o->get())) {
        auto part = slice_items(*items, *s);
        return container.is<ListPtr>() ? make_list(std::move(part)) : make_tuple(std::move(part));
      }
    const char* what = container.is<ListPtr>() ? "list" : "tuple";
    return (*items)[normalize(to_int(index, std::string(what) + " indices"),
                              static_cast<int64_t>(items->size()), what)];
  }
  if (auto o = container.get_if<ObjectPtr>())
    if (auto r = dynamic_cast<const Range*>(o->get()))
      return Value(r->at(normalize(to_int(index, "range indices"), r->length(), "range")));
  if (auto d = container.get_if<DictPtr>()) {
    if (const Value* v = (*d)->find(index))
      return *v;
    throw Error("KeyError: " + repr(index));
  }
  if (auto s = container.get_if<std::string>()) {
    int64_t i =
        normalize(to_int(index, "string indices"), static_cast<int64_t>(s->size()), "string");
    return std::string(1, (*s)[i]);
  }
  throw Error("'" + type_name(container) + "' object is not subscriptable");
}

void set_item(Value& container, const Value& index, const Value& value) {
  if (auto t = container.get_if<at::Tensor>()) {
    at::Tensor target = *t;
    try {
      if (value.is_number())
        target.index_put_(tensor_indices(index), to_double(value, "the assigned value"));
      else
        target.index_put_(tensor_indices(index), to_tensor(value, "the assigned value"));
    } catch (const c10::Error& e) {
      throw ShapeError(std::string("tensor item assignment: ") + e.what_without_backtrace());
    }
    return;
  }
  if (auto l = container.get_if<ListPtr>()) {
    auto& items = (*l)->items;
    items[normalize(to_int(index, "list indices"), static_cast<int64_t>(items.size()), "list")] =
        value;
    return;
  }
  if (auto d = container.get_if<DictPtr>()) {
    (*d)->set(index, value);
    return;
  }
  throw Error("'" + type_name(container) + "' object does not support item assignment");
}

} // namespace kiln::lang
