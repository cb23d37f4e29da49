#include "core/lang/builtins/matrix_functions.h"

#include <ATen/ATen.h>

#include "core/lang/builtins/arguments.h"
#include "core/lang/builtins/dtype.h"
#include "core/lang/conversions.h"

namespace kiln::lang {

namespace {

using Reach = TensorFunction::Reach;
using Binary = at::Tensor (*)(const at::Tensor&, const at::Tensor&);
using Unary = at::Tensor (*)(const at::Tensor&);

TensorFunction matrix_binary(std::string name, std::string other, Binary f) {
  return {std::move(name), {required("input"), required(other)}, [f, other](const BoundArgs& a) {
            return Value(f(tensor_input(a[0], "input"), tensor_input(a[1], other)));
          }};
}

TensorFunction matrix_unary(std::string name, Unary f) {
  return {std::move(name), {required("input")}, [f](const BoundArgs& a) {
            return Value(f(tensor_input(a[0], "input")));
          }};
}

TensorFunction softmax_like(std::string name, bool log) {
  return {std::move(name),
          {required("input"), required("dim"), optional("dtype", None{})},
          [log](const BoundArgs& a) {
            at::Tensor input = tensor_input(a[0], "input");
            int64_t dim = to_int(a[1], argument("dim"));
            auto dtype = optional_scalar_type(a[2]);
            return Value(log ? at::log_softmax(input, dim, dtype) : at::softmax(input, dim, dtype));
          }};
}

} // namespace

std::vector<TensorFunction> matrix_functions() {
  return {
      matrix_binary("matmul", "other",
                    [](const at::Tensor& a, const at::Tensor& b) { return at::matmul(a, b); }),
      matrix_binary("mm", "mat2",
                    [](const at::Tensor& a, const at::Tensor& b) { return at::mm(a, b); }),
      matrix_binary("bmm", "mat2",
                    [](const at::Tensor& a, const at::Tensor& b) { return at::bmm(a, b); }),
      matrix_binary("mv", "vec",
                    [](const at::Tensor& a, const at::Tensor& b) { return at::mv(a, b); }),
      matrix_binary("outer", "vec2",
                    [](const at::Tensor& a, const at::Tensor& b) { return at::outer(a, b); }),
      matrix_binary("ger", "vec2",
                    [](const at::Tensor& a, const at::Tensor& b) { return at::outer(a, b); }),
      matrix_binary("dot", "other",
                    [](const at::Tensor& a, const at::Tensor& b) { return at::dot(a, b); }),
      matrix_binary("inner", "other",
                    [](const at::Tensor& a, const at::Tensor& b) { return at::inner(a, b); }),
      matrix_binary("kron", "other",
                    [](const at::Tensor& a, const at::Tensor& b) { return at::kron(a, b); }),
      matrix_unary("t", [](const at::Tensor& a) { return at::t(a); }),
      matrix_unary("trace", [](const at::Tensor& a) { return at::trace(a); }),
      matrix_unary("inverse", [](const at::Tensor& a) { return at::linalg_inv(a); }),
      matrix_unary("det", [](const at::Tensor& a) { return at::linalg_det(a); }),
      matrix_unary("logdet", [](const at::Tensor& a) { return at::logdet(a); }),
      {"slogdet",
       {required("input")},
       [](const BoundArgs& a) {
         auto [sign, logabsdet] = at::linalg_slogdet(tensor_input(a[0], "input"));
         return named_tensor_tuple({{"sign", sign}, {"logabsdet", logabsdet}});
       }},
      {"cholesky",
       {required("input"), optional("upper", false)},
       [](const BoundArgs& a) {
         return Value(
             at::linalg_cholesky(tensor_input(a[0], "input"), to_bool(a[1], argument("upper"))));
       }},
      {"triangular_solve",
       {required("input"), required("A"), optional("upper", true), optional("transpose", false),
        optional("unitriangular", false)},
       [](const BoundArgs& a) {
         // Through linalg.solve_triangular: ATen's triangular_solve logs a deprecation warning.
         at::Tensor b = tensor_input(a[0], "input"), A = tensor_input(a[1], "A");
         bool upper = to_bool(a[2], argument("upper"));
         at::Tensor lhs = A;
         if (to_bool(a[3], argument("transpose"))) {
           lhs = A.transpose(-2, -1);
           upper = !upper;
         }
         at::Tensor solution = at::linalg_solve_triangular(
             lhs, b, upper, /*left=*/true, to_bool(a[4], argument("unitriangular")));
         return named_tensor_tuple({{"solution", solution}, {"cloned_coefficient", A.clone()}});
       }},
      {"cholesky_solve",
       {required("input"), required("input2"), optional("upper", false)},
       [](const BoundArgs& a) {
         return Value(at::cholesky_solve(tensor_input(a[0], "input"), tensor_input(a[1], "input2"),
                                         to_bool(a[2], argument("upper"))));
       }},
      {"cholesky_inverse",
       {required("input"), optional("upper", false)},
       [](const BoundArgs& a) {
         return Value(
             at::cholesky_inverse(tensor_input(a[0], "input"), to_bool(a[1], argument("upper"))));
       }},
      softmax_like("softmax", false),
      softmax_like("log_softmax", true),
      {"cdist",
       {required("x1"), required("x2"), optional("p", 2.0)},
       [](const BoundArgs& a) {
         return Value(at::cdist(tensor_input(a[0], "x1"), tensor_input(a[1], "x2"),
                                to_double(a[2], argument("p"))));
       },
       Reach::torch_only},
      {"einsum",
       {required("equation"), star("operands")},
       [](const BoundArgs& a) {
         const std::string& equation = to_str(a[0], argument("equation"));
         // torch.einsum("ij,jk", [a, b]) passes the operands as one list.
         const auto& items = to_items(a[1], argument("operands"));
         const Value& operands =
             items.size() == 1 && (items[0].is<ListPtr>() || items[0].is<TuplePtr>()) ? items[0]
                                                                                      : a[1];
         return Value(at::einsum(equation, tensor_list(operands, "operands")));
       },
       Reach::torch_only},
  };
}

} // namespace kiln::lang
