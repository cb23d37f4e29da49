#pragma once
// Attributes of tensors in the model language: properties (x.shape, x.T, x.dtype) and bound
// methods (x.sum(dim=0), x.unsqueeze(-1), x.long()). The methods shared with torch.* run the
// bodies of tensor_function.h; the Tensor's own (size, item, tolist, to, new_zeros, ...) are here.
// There is no .grad: models compute values, inference differentiates them.

#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/lang/value.h"

namespace kiln::lang {

// Sets `out` to the attribute `name` of `t` (a property's value, or a method bound to `t`) and
// returns true; false when tensors have no such attribute.
bool tensor_attribute(const at::Tensor& t, const std::string& name, Value& out);

// Every attribute name, sorted (for "did you mean").
std::vector<std::string> tensor_attribute_names();

} // namespace kiln::lang
