#pragma once
// The torch functions that take a tensor first, written once and reached both ways:
// torch.sum(x, dim=0) and x.sum(dim=0) run the same body with the tensor as argument 0.

#include <string>
#include <vector>

#include "core/lang/function.h"

namespace kiln::lang {

struct TensorFunction {
  // Where the function is reachable. Some differ in signature between the two (torch.reshape
  // takes a shape, x.reshape takes *shape): those are two entries, one for each.
  enum class Reach { both, torch_only, method_only };

  std::string name;
  // The parameters of torch.<name>, the tensor first; a method binds the rest.
  std::vector<Param> params;
  BuiltinBody body;
  Reach reach = Reach::both;
};

// Every entry, built once: elementwise, reductions, shape and matrix functions.
const std::vector<TensorFunction>& tensor_functions();

} // namespace kiln::lang
