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
  // torch.Tensor(data): a float tensor; also the class isinstance(x, torch.Tensor) names.
  define_builtin(torch, "Tensor", {optional("data", make_list({}))}, [](const BoundArgs& a) {
    return Value(to_tensor(a[0], "torch.Tensor(): data").to(at::kFloat));
  });
  define_builtin(torch, "Size", {optional("sizes", make_tuple())}, [](const BoundArgs& a) {
    std::vector<Value> sizes;
    for (int64_t s : to_int_list(a[0], argument("sizes")))
      sizes.emplace_back(s);
    return make_tuple(std::move(sizes));
  });
}

// torch.special: scipy.special's names for functions torch also has at the top level, and the
// normal distribution's ndtr family.
NamespacePtr make_special_namespace(const Namespace& torch) {
  auto special = std::make_shared<Namespace>("torch.special");
  const std::pair<const char*, const char*> aliases[] = {{"expit", "sigmoid"},
                                                         {"logit", "logit"},
                                                         {"gammaln", "lgamma"},
                                                         {"digamma", "digamma"},
                                                         {"psi", "digamma"},
                                                         {"polygamma", "polygamma"},
                                                         {"multigammaln", "mvlgamma"},
                                                         {"erf", "erf"},
                                                         {"erfc", "erfc"},
                                                         {"erfinv", "erfinv"},
                                                         {"expm1", "expm1"},
                                                         {"exp2", "exp2"},
                                                         {"log1p", "log1p"},
                                                         {"xlogy", "xlogy"},
                                                         {"logsumexp", "logsumexp"},
                                                         {"softmax", "softmax"},
                                                         {"log_softmax", "log_softmax"},
                                                         {"round", "round"},
                                                         {"i0", "i0"},
                                                         {"sinc", "sinc"}};
  for (const auto& [name, target] : aliases) {
    Value f;
    if (const_cast<Namespace&>(torch).get_attribute(target, f))
      special->define(name, f);
  }
  using Unary = at::Tensor (*)(const at::Tensor&);
  const std::pair<const char*, Unary> own[] = {
      {"ndtr", at::special_ndtr}, {"ndtri", at::special_ndtri}, {"log_ndtr", at::special_log_ndtr},
      {"i0e", at::special_i0e},   {"i1", at::special_i1},       {"i1e", at::special_i1e},
      {"entr", at::special_entr}, {"erfcx", at::special_erfcx}};
  for (const auto& [name, f] : own)
    define_builtin(*special, name, {required("input")},
                   [f = f](const BoundArgs& a) { return Value(f(tensor_input(a[0], "input"))); });
  define_builtin(
      *special, "xlog1py", {required("input"), required("other")}, [](const BoundArgs& a) {
        return Value(at::special_xlog1py(tensor_input(a[0], "input"), operand(a[1], "other")));
      });
  return special;
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
  torch->define("special", Value(ObjectPtr(make_special_namespace(*torch))));
  return torch;
}

} // namespace kiln::lang
