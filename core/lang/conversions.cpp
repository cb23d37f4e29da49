#include "core/lang/conversions.h"

#include <ATen/ATen.h>
#include <ATen/TracerMode.h>

#include "core/util/error.h"
#include "core/util/value_reads.h"

namespace kiln::lang {

void type_error(const std::string& what, const std::string& expected, const Value& got) {
  throw Error(what + " must be " + expected + ", not '" + type_name(got) + "'");
}

namespace {

enum class Leaf { boolean, integer, floating };

// Walks nested lists/tuples of numbers and tensors: their shape and the widest kind of leaf.
void scan(const Value& v, size_t depth, std::vector<int64_t>& shape, Leaf& kind,
          const std::string& what) {
  if (auto items = v.get_if<ListPtr>()    ? &(*v.get_if<ListPtr>())->items
                   : v.get_if<TuplePtr>() ? &(*v.get_if<TuplePtr>())->items
                                          : nullptr) {
    const auto n = static_cast<int64_t>(items->size());
    if (shape.size() == depth)
      shape.push_back(n);
    else if (shape[depth] != n)
      throw ShapeError(what + ": nested lists have ragged lengths (" + std::to_string(n) + " and " +
                       std::to_string(shape[depth]) + ")");
    for (const Value& item : *items)
      scan(item, depth + 1, shape, kind, what);
    return;
  }
  if (v.is<bool>())
    return;
  if (v.is<int64_t>())
    kind = std::max(kind, Leaf::integer);
  else if (v.is<double>())
    kind = Leaf::floating;
  else if (auto t = v.get_if<at::Tensor>(); t && t->dim() == 0)
    kind = std::max(kind, t->is_floating_point()          ? Leaf::floating
                          : t->scalar_type() == at::kBool ? Leaf::boolean
                                                          : Leaf::integer);
  else
    type_error(what, "a number, a list of numbers or a tensor", v);
  if (shape.size() > depth)
    throw ShapeError(what + ": nested lists have ragged depths");
}

void fill(const Value& v, std::vector<double>& out) {
  if (auto l = v.get_if<ListPtr>()) {
    for (const Value& item : (*l)->items)
      fill(item, out);
  } else if (auto t = v.get_if<TuplePtr>()) {
    for (const Value& item : (*t)->items)
      fill(item, out);
  } else if (auto b = v.get_if<bool>()) {
    out.push_back(*b);
  } else if (auto i = v.get_if<int64_t>()) {
    out.push_back(static_cast<double>(*i));
  } else if (auto d = v.get_if<double>()) {
    out.push_back(*d);
  } else {
    note_value_read(v.get<at::Tensor>());
    out.push_back(v.get<at::Tensor>().item<double>());
  }
}

} // namespace

at::Tensor to_tensor(const Value& value, const std::string& what) {
  if (auto t = value.get_if<at::Tensor>())
    return *t;
  if (auto b = value.get_if<bool>())
    return at::scalar_tensor(*b, at::kBool);
  if (auto i = value.get_if<int64_t>())
    return at::scalar_tensor(*i, at::kLong);
  if (auto d = value.get_if<double>())
    return at::scalar_tensor(*d, at::kDouble);
  std::vector<int64_t> shape;
  Leaf kind = Leaf::boolean;
  scan(value, 0, shape, kind, what);
  std::vector<double> flat;
  fill(value, flat);
  // Made outside LibTorch's tracer (the compiled potential records with it): at::tensor writes
  // the values without an op, so the recording must take the result as a constant, values and
  // all, as torch.tensor does under torch.jit.trace.
  const at::tracer::impl::NoTracerDispatchMode untraced;
  at::Tensor t = at::tensor(flat, at::kDouble).reshape(shape);
  if (kind == Leaf::integer)
    return t.to(at::kLong);
  if (kind == Leaf::boolean && !flat.empty())
    return t.to(at::kBool);
  return t;
}

dist::TensorArg to_tensor_arg(const Value& value, const std::string& what) {
  if (auto i = value.get_if<int64_t>())
    return dist::TensorArg(static_cast<double>(*i));
  if (auto d = value.get_if<double>())
    return dist::TensorArg(*d);
  if (auto b = value.get_if<bool>())
    return dist::TensorArg(*b ? 1.0 : 0.0);
  return dist::TensorArg(to_tensor(value, what));
}

double to_double(const Value& value, const std::string& what) {
  if (auto d = value.get_if<double>())
    return *d;
  if (auto i = value.get_if<int64_t>())
    return static_cast<double>(*i);
  if (auto b = value.get_if<bool>())
    return *b;
  if (auto t = value.get_if<at::Tensor>(); t && t->numel() == 1) {
    note_value_read(*t);
    return t->item<double>();
  }
  type_error(what, "a number", value);
}

int64_t to_int(const Value& value, const std::string& what) {
  if (auto i = value.get_if<int64_t>())
    return *i;
  if (auto b = value.get_if<bool>())
    return *b;
  if (auto t = value.get_if<at::Tensor>();
      t && t->numel() == 1 && !t->is_floating_point() && !t->is_complex()) {
    note_value_read(*t);
    return t->item<int64_t>();
  }
  type_error(what, "an int", value);
}

bool to_bool(const Value& value, const std::string& what) {
  if (auto b = value.get_if<bool>())
    return *b;
  if (value.is_number() || value.is<at::Tensor>())
    return truthy(value);
  type_error(what, "a bool", value);
}

const std::string& to_str(const Value& value, const std::string& what) {
  if (auto s = value.get_if<std::string>())
    return *s;
  type_error(what, "a str", value);
}

const std::vector<Value>& to_items(const Value& value, const std::string& what) {
  if (auto l = value.get_if<ListPtr>())
    return (*l)->items;
  if (auto t = value.get_if<TuplePtr>())
    return (*t)->items;
  type_error(what, "a list or tuple", value);
}

std::vector<int64_t> to_int_list(const Value& value, const std::string& what) {
  if (value.is<int64_t>())
    return {value.get<int64_t>()};
  if (auto t = value.get_if<at::Tensor>(); t && t->dim() == 1 && !t->is_floating_point()) {
    at::Tensor c = t->to(at::kLong).contiguous();
    return std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
  }
  if (!value.is<ListPtr>() && !value.is<TuplePtr>())
    type_error(what, "an int or a tuple of ints", value);
  std::vector<int64_t> out;
  for (const Value& item : to_items(value, what)) {
    // torch.zeros((2, 3)) arrives as a varargs tuple holding one tuple.
    if (item.is<ListPtr>() || item.is<TuplePtr>()) {
      if (to_items(value, what).size() != 1)
        type_error(what, "a tuple of ints", value);
      return to_int_list(item, what);
    }
    out.push_back(to_int(item, what));
  }
  return out;
}

Value shape_value(const at::Tensor& t) {
  return shape_value(t.sizes().vec());
}

Value shape_value(const std::vector<int64_t>& shape) {
  std::vector<Value> sizes;
  for (int64_t s : shape)
    sizes.emplace_back(s);
  return make_tuple(std::move(sizes));
}

} // namespace kiln::lang
