#include "core/lang/builtins/linalg_namespace.h"

#include <ATen/ATen.h>

#include "core/lang/builtins/arguments.h"
#include "core/lang/builtins/builtin_errors.h"
#include "core/lang/builtins/dtype.h"
#include "core/lang/conversions.h"
#include "core/util/error.h"

namespace kiln::lang {

namespace {

c10::optional<std::vector<int64_t>> optional_dims(const Value& v, const std::string& name) {
  if (v.is_none())
    return c10::nullopt;
  return to_int_list(v, argument(name));
}

Value norm(const BoundArgs& a) {
  at::Tensor input = tensor_input(a[0], "A");
  auto dims = optional_dims(a[2], "dim");
  at::OptionalIntArrayRef dim = dims ? at::OptionalIntArrayRef(*dims) : c10::nullopt;
  bool keepdim = to_bool(a[3], argument("keepdim"));
  auto dtype = optional_scalar_type(a[4]);
  if (auto ord = a[1].get_if<std::string>())
    return at::linalg_norm(input, *ord, dim, keepdim, dtype);
  c10::optional<at::Scalar> ord;
  if (!a[1].is_none())
    ord = scalar(a[1], "ord");
  return at::linalg_norm(input, ord, dim, keepdim, dtype);
}

} // namespace

NamespacePtr make_linalg_namespace() {
  auto linalg = std::make_shared<Namespace>("torch.linalg");
  define_builtin(*linalg, "cholesky", {required("A"), keyword_only("upper", false)},
                 [](const BoundArgs& a) {
                   return Value(at::linalg_cholesky(tensor_input(a[0], "A"),
                                                    to_bool(a[1], argument("upper"))));
                 });
  define_builtin(*linalg, "inv", {required("A")},
                 [](const BoundArgs& a) { return Value(at::linalg_inv(tensor_input(a[0], "A"))); });
  define_builtin(*linalg, "det", {required("A")},
                 [](const BoundArgs& a) { return Value(at::linalg_det(tensor_input(a[0], "A"))); });
  define_builtin(*linalg, "slogdet", {required("A")}, [](const BoundArgs& a) {
    auto [sign, logabsdet] = at::linalg_slogdet(tensor_input(a[0], "A"));
    return named_tensor_tuple({{"sign", sign}, {"logabsdet", logabsdet}});
  });
  define_builtin(*linalg, "solve", {required("A"), required("B"), keyword_only("left", true)},
                 [](const BoundArgs& a) {
                   return Value(at::linalg_solve(tensor_input(a[0], "A"), tensor_input(a[1], "B"),
                                                 to_bool(a[2], argument("left"))));
                 });
  define_builtin(*linalg, "solve_triangular",
                 {required("A"), required("B"), keyword_only("upper", Value()),
                  keyword_only("left", true), keyword_only("unitriangular", false)},
                 [](const BoundArgs& a) {
                   if (a[2].is_none())
                     throw Error("missing 1 required keyword-only argument: 'upper'");
                   return Value(at::linalg_solve_triangular(
                       tensor_input(a[0], "A"), tensor_input(a[1], "B"),
                       to_bool(a[2], argument("upper")), to_bool(a[3], argument("left")),
                       to_bool(a[4], argument("unitriangular"))));
                 });
  define_builtin(*linalg, "norm",
                 {required("A"), optional("ord", None{}), optional("dim", None{}),
                  optional("keepdim", false), keyword_only("dtype", None{})},
                 norm);
  define_builtin(*linalg, "vector_norm",
                 {required("x"), optional("ord", 2), optional("dim", None{}),
                  optional("keepdim", false), keyword_only("dtype", None{})},
                 [](const BoundArgs& a) {
                   auto dims = optional_dims(a[2], "dim");
                   return Value(at::linalg_vector_norm(
                       tensor_input(a[0], "x"), scalar(a[1], "ord"),
                       dims ? at::OptionalIntArrayRef(*dims) : c10::nullopt,
                       to_bool(a[3], argument("keepdim")), optional_scalar_type(a[4])));
                 });
  define_builtin(*linalg, "matrix_norm",
                 {required("A"), optional("ord", "fro"), optional("dim", make_tuple({-2, -1})),
                  optional("keepdim", false), keyword_only("dtype", None{})},
                 norm);
  return linalg;
}

} // namespace kiln::lang
