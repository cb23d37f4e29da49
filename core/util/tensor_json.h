#pragma once
// Tensors in JSON files, written so that they read back bit-identical: the fields "dtype"
// ("float64", "float32", "float16", "bfloat16", "int64"), "shape" (a list of sizes) and "values"
// (the elements in row-major order). Floating values are JSON numbers in the shortest form that
// parses back to the same double, and the strings "nan", "inf", "-inf" where JSON has no number.

#include <ATen/core/Tensor.h>
#include <nlohmann/json_fwd.hpp>

namespace kiln {

// Sets the fields "dtype", "shape" and "values" of the object `obj`. Throws kiln::Error for a
// dtype with no JSON form (complex, bool, ...).
void write_tensor(nlohmann::json& obj, const at::Tensor& tensor);

// The tensor the fields "dtype", "shape" and "values" of `obj` describe (on the CPU). Throws
// kiln::Error naming the field when one is missing, of the wrong kind, holds a value its dtype
// cannot represent, or when the number of values is not the product of the shape.
at::Tensor read_tensor(const nlohmann::json& obj);

} // namespace kiln
