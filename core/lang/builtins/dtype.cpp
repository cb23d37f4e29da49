#include "core/lang/builtins/dtype.h"

#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "core/lang/conversions.h"
#include "core/lang/function.h"

namespace kiln::lang {

namespace {

// torch's names for each scalar type; the first is the one repr() shows.
const std::vector<std::pair<std::string, at::ScalarType>>& dtype_names() {
  static const std::vector<std::pair<std::string, at::ScalarType>> names = {
      {"float64", at::kDouble}, {"double", at::kDouble}, {"float32", at::kFloat},
      {"float", at::kFloat},    {"float16", at::kHalf},  {"half", at::kHalf},
      {"int64", at::kLong},     {"long", at::kLong},     {"int32", at::kInt},
      {"int", at::kInt},        {"int16", at::kShort},   {"short", at::kShort},
      {"int8", at::kChar},      {"uint8", at::kByte},    {"bool", at::kBool},
  };
  return names;
}

} // namespace

std::string DType::repr() const {
  for (const auto& [name, type] : dtype_names())
    if (type == type_)
      return "torch." + name;
  return std::string("torch.") + c10::toString(type_);
}

bool DType::get_attribute(const std::string& name, Value& out) {
  if (name == "is_floating_point")
    out = at::isFloatingType(type_);
  else if (name == "is_complex")
    out = at::isComplexType(type_);
  else if (name == "is_signed")
    out = at::isSignedType(type_);
  else if (name == "itemsize")
    out = static_cast<int64_t>(c10::elementSize(type_));
  else
    return false;
  return true;
}

Value dtype_value(at::ScalarType type) {
  // Shared by every thread, so that dtypes compare equal whichever thread made them.
  static std::mutex mutex;
  static std::map<at::ScalarType, Value> objects;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = objects.find(type);
  if (it == objects.end())
    it = objects.emplace(type, Value(ObjectPtr(std::make_shared<DType>(type)))).first;
  return it->second;
}

at::ScalarType scalar_type_of(const Value& value, const std::string& what) {
  if (auto object = value.get_if<ObjectPtr>()) {
    if (auto dtype = dynamic_cast<const DType*>(object->get()))
      return dtype->scalar_type();
    if (auto builtin = dynamic_cast<const Builtin*>(object->get())) {
      const std::string& name = builtin->signature().function_name();
      if (name == "float")
        return at::kDouble;
      if (name == "int")
        return at::kLong;
      if (name == "bool")
        return at::kBool;
    }
  }
  type_error(what, "a torch.dtype", value);
}

c10::optional<at::ScalarType> optional_scalar_type(const Value& value, const std::string& what) {
  if (value.is_none())
    return c10::nullopt;
  return scalar_type_of(value, what);
}

void define_dtypes(Namespace& torch) {
  for (const auto& [name, type] : dtype_names())
    torch.define(name, dtype_value(type));
}

} // namespace kiln::lang
