#include "core/lang/builtins/tensor_function.h"

#include "core/lang/builtins/elementwise_functions.h"
#include "core/lang/builtins/matrix_functions.h"
#include "core/lang/builtins/reduction_functions.h"
#include "core/lang/builtins/search_scatter_functions.h"
#include "core/lang/builtins/shape_functions.h"

namespace kiln::lang {

const std::vector<TensorFunction>& tensor_functions() {
  static const std::vector<TensorFunction> all = [] {
    std::vector<TensorFunction> out;
    for (auto part : {elementwise_functions, reduction_functions, shape_functions, matrix_functions,
                      search_scatter_functions}) {
      std::vector<TensorFunction> functions = part();
      out.insert(out.end(), std::make_move_iterator(functions.begin()),
                 std::make_move_iterator(functions.end()));
    }
    return out;
  }();
  return all;
}

} // namespace kiln::lang
