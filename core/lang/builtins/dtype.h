#pragma once
// torch.float64, torch.long, ...: the dtypes a model names, as objects of the language.

#include <string>

#include <c10/core/ScalarType.h>
#include <c10/util/Optional.h>

#include "core/lang/value.h"

namespace kiln::lang {

class Namespace;

class DType : public Object {
public:
  explicit DType(at::ScalarType type) : type_(type) {}
  std::string type_name() const override { return "dtype"; }
  // As torch prints it: "torch.float64".
  std::string repr() const override;
  // is_floating_point, is_complex, is_signed, itemsize.
  bool get_attribute(const std::string& name, Value& out) override;
  at::ScalarType scalar_type() const { return type_; }

private:
  at::ScalarType type_;
};

// The one DType object of each scalar type (so `x.dtype == torch.float64` compares equal).
Value dtype_value(at::ScalarType type);

// The scalar type a dtype argument names. Python's float, int and bool stand for float64, int64
// and bool, as torch takes them.
at::ScalarType scalar_type_of(const Value& value, const std::string& what = "argument 'dtype'");
// As above, with None meaning "not given".
c10::optional<at::ScalarType> optional_scalar_type(const Value& value,
                                                   const std::string& what = "argument 'dtype'");

// torch.float, torch.float32, ..., torch.bool as attributes of `torch`.
void define_dtypes(Namespace& torch);

} // namespace kiln::lang
