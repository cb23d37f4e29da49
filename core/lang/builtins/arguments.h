#pragma once
// Reading the bound arguments of torch functions, with torch's rules: which arguments must be
// tensors, which may be Python numbers, optional dims and dtypes. Errors name the argument
// ("argument 'dim' must be an int, not 'float'"); builtin_errors adds the function's name.

#include <cstdint>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/core/Scalar.h>
#include <c10/util/Optional.h>

#include "core/lang/value.h"

namespace kiln::lang {

// "argument 'input'".
std::string argument(const std::string& name);

// A tensor, as torch requires for `input`: numbers and lists are refused as in torch.
at::Tensor tensor_input(const Value& value, const std::string& name);
// A tensor or a Python number; a number becomes a wrapped-number tensor, which takes part in type
// promotion as a Python scalar does (an int tensor times 0.5 is float64, a float32 tensor stays
// float32).
at::Tensor operand(const Value& value, const std::string& name);
// A Python number (or a one-element tensor) as an ATen scalar of its own kind.
at::Scalar scalar(const Value& value, const std::string& name);
// A list or tuple of tensors.
std::vector<at::Tensor> tensor_list(const Value& value, const std::string& name);
// Tensors as the language returns several: a tuple.
Value tensor_tuple(const std::vector<at::Tensor>& tensors);
// A tuple whose items are also attributes, as torch.return_types: (values, indices).
Value named_tensor_tuple(const std::vector<std::pair<std::string, at::Tensor>>& fields);

c10::optional<int64_t> optional_int(const Value& value, const std::string& name);
c10::optional<double> optional_double(const Value& value, const std::string& name);
// A dim argument that may be None, an int or a tuple of ints (None: every dim of `input`).
std::vector<int64_t> dims_or_all(const Value& value, const at::Tensor& input,
                                 const std::string& name);

// A Python value read back from a one-element tensor: bool, int or float by its dtype.
Value item_value(const at::Tensor& t);

} // namespace kiln::lang
