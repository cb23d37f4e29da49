#include "core/lang/builtins/torch_namespace.h"

#include <limits>

#include <ATen/ATen.h>

#include "core/lang/builtins/arguments.h"
#include "core/lang/builtins/builtin_errors.h"
#include "core/lang/builtins/creation_functions.h"
#include "core/lang/builtins/dtype.h"
#include "core/lang/builtins/linalg_namespace.h"
#include "core/lang/builtins/nn_namespace.h"
#include "core/lang/builtins/tensor_function.h"
#include "core/lang/conversions.h"

namespace kiln::lang {

namespace {

void define_queries(Namespace& torch) {
  define_builtin(torch, "is_tensor", {required("obj")},
                 [](const BoundArgs& a) { return Value(a[0].is<at::Tensor>()); });
  define_builtin(torch, "is_floating_point", {required("input")}, [](const BoundArgs& a) {
    return Value(tensor_input(a[0], "input").is_floating_point());
  });
  define_builtin(torch, "numel", {required("input")},
                 [](const BoundArgs& a) { return Value(tensor_input(a[0], "input").numel()); });
  define_builtin(torch, "get_default_dtype", {}, [](const BoundArgs&) {
    return dtype_value(at::typeMetaToScalarType(at::get_default_dtype()));
  });
  define_builtin(torch, "Size", {optional("sizes", make_tuple())}, [](const BoundArgs& a) {
    std::vector<Value> sizes;
    for (int64_t s : to_int_list(a[0], argument("sizes")))
      sizes.emplace_back(s);
    return make_tuple(std::move(sizes));
  });
}

} // namespace

NamespacePtr make_torch_namespace() {
  static const bool default_dtype_set = [] {
    at::set_default_dtype(caffe2::TypeMeta::Make<double>());
    return true;
  }();
  (void)default_dtype_set;

  auto torch = std::make_shared<Namespace>("torch");
  define_dtypes(*torch);
  define_creation_functions(*torch);
  define_queries(*torch);
  for (const TensorFunction& f : tensor_functions())
    if (f.reach != TensorFunction::Reach::method_only)
      define_builtin(*torch, f.name, f.params, f.body);
  torch->define("inf", std::numeric_limits<double>::infinity());
  torch->define("nan", std::numeric_limits<double>::quiet_NaN());
  torch->define("linalg", Value(ObjectPtr(make_linalg_namespace())));
  torch->define("nn", Value(ObjectPtr(make_nn_namespace())));
  return torch;
}

} // namespace kiln::lang
