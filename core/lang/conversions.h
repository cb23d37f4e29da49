#pragma once
// Turning language values into what core functions take, with errors that name the function
// and the argument: "torch.zeros(): argument 'size' must be a tuple of ints, not 'float'".

#include <cstdint>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/dist/distribution.h"
#include "core/lang/value.h"

namespace kiln::lang {

// As torch.tensor(value) makes it, with float64 the default dtype: Python floats and lists of
// them become float64, all-int lists int64, all-bool lists bool; tensors pass through.
at::Tensor to_tensor(const Value& value, const std::string& what);
// A number or a tensor, as distributions take their parameters (numbers stay numbers so they
// take the dtype of the tensor arguments).
dist::TensorArg to_tensor_arg(const Value& value, const std::string& what);
double to_double(const Value& value, const std::string& what);
int64_t to_int(const Value& value, const std::string& what);
bool to_bool(const Value& value, const std::string& what);
const std::string& to_str(const Value& value, const std::string& what);
// An int, or a list/tuple/torch.Size of ints (torch.zeros(2, 3) passes the varargs tuple).
std::vector<int64_t> to_int_list(const Value& value, const std::string& what);
// The items of a list or tuple.
const std::vector<Value>& to_items(const Value& value, const std::string& what);

// A tensor's shape as the language sees it (torch.Size is a tuple of ints).
Value shape_value(const at::Tensor& t);
Value shape_value(const std::vector<int64_t>& shape);

// "must be X, not 'float'": the error every conversion throws.
[[noreturn]] void type_error(const std::string& what, const std::string& expected,
                             const Value& got);

} // namespace kiln::lang
