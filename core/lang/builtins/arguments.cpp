#include "core/lang/builtins/arguments.h"

#include <numeric>

#include <ATen/ATen.h>

#include "core/lang/conversions.h"
#include "core/util/value_reads.h"

namespace kiln::lang {

std::string argument(const std::string& name) {
  return "argument '" + name + "'";
}

at::Tensor tensor_input(const Value& value, const std::string& name) {
  if (auto t = value.get_if<at::Tensor>())
    return *t;
  type_error(argument(name), "a Tensor", value);
}

at::Tensor operand(const Value& value, const std::string& name) {
  if (auto t = value.get_if<at::Tensor>())
    return *t;
  if (!value.is_number())
    type_error(argument(name), "a Tensor or a number", value);
  at::Tensor t = at::scalar_to_tensor(scalar(value, name));
  t.unsafeGetTensorImpl()->set_wrapped_number(true);
  return t;
}

at::Scalar scalar(const Value& value, const std::string& name) {
  if (auto b = value.get_if<bool>())
    return at::Scalar(*b);
  if (auto i = value.get_if<int64_t>())
    return at::Scalar(*i);
  if (auto d = value.get_if<double>())
    return at::Scalar(*d);
  if (auto t = value.get_if<at::Tensor>(); t && t->numel() == 1) {
    note_value_read(*t);
    return t->item();
  }
  type_error(argument(name), "a number", value);
}

std::vector<at::Tensor> tensor_list(const Value& value, const std::string& name) {
  if (!value.is<ListPtr>() && !value.is<TuplePtr>())
    type_error(argument(name), "a tuple of Tensors", value);
  std::vector<at::Tensor> out;
  for (const Value& item : to_items(value, argument(name)))
    out.push_back(tensor_input(item, name));
  return out;
}

Value tensor_tuple(const std::vector<at::Tensor>& tensors) {
  std::vector<Value> items(tensors.begin(), tensors.end());
  return make_tuple(std::move(items));
}

Value named_tensor_tuple(const std::vector<std::pair<std::string, at::Tensor>>& fields) {
  auto t = std::make_shared<TupleData>();
  for (const auto& [name, tensor] : fields) {
    t->items.emplace_back(tensor);
    t->names.push_back(name);
  }
  return Value(TuplePtr(std::move(t)));
}

c10::optional<int64_t> optional_int(const Value& value, const std::string& name) {
  if (value.is_none())
    return c10::nullopt;
  return to_int(value, argument(name));
}

c10::optional<double> optional_double(const Value& value, const std::string& name) {
  if (value.is_none())
    return c10::nullopt;
  return to_double(value, argument(name));
}

std::vector<int64_t> dims_or_all(const Value& value, const at::Tensor& input,
                                 const std::string& name) {
  if (!value.is_none())
    return to_int_list(value, argument(name));
  std::vector<int64_t> all(input.dim());
  std::iota(all.begin(), all.end(), 0);
  return all;
}

Value item_value(const at::Tensor& t) {
  note_value_read(t);
  if (t.scalar_type() == at::kBool)
    return Value(t.item<bool>());
  if (at::isIntegralType(t.scalar_type(), /*includeBool=*/false))
    return Value(t.item<int64_t>());
  return Value(t.item<double>());
}

} // namespace kiln::lang
