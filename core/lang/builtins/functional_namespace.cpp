#include "core/lang/builtins/functional_namespace.h"

#include <ATen/ATen.h>

#include "core/lang/builtins/arguments.h"
#include "core/lang/builtins/builtin_errors.h"
#include "core/lang/builtins/dtype.h"
#include "core/lang/conversions.h"

namespace kiln::lang {

int64_t implicit_softmax_dim(int64_t ndim) {
  return ndim == 0 || ndim == 1 || ndim == 3 ? 0 : 1;
}

namespace {

using Unary = at::Tensor (*)(const at::Tensor&);

// Activations that take (input, inplace=False); in-place has no meaning for a model's values.
void define_activation(Namespace& f, const std::string& name, Unary body) {
  define_builtin(f, name, {required("input"), optional("inplace", false)},
                 [body](const BoundArgs& a) { return Value(body(tensor_input(a[0], "input"))); });
}

void define_softmax(Namespace& f, const std::string& name, bool log) {
  define_builtin(f, name,
                 {required("input"), optional("dim", None{}), optional("_stacklevel", 3),
                  optional("dtype", None{})},
                 [log](const BoundArgs& a) {
                   at::Tensor input = tensor_input(a[0], "input");
                   int64_t dim = a[1].is_none() ? implicit_softmax_dim(input.dim())
                                                : to_int(a[1], argument("dim"));
                   auto dtype = optional_scalar_type(a[3]);
                   return Value(log ? at::log_softmax(input, dim, dtype)
                                    : at::softmax(input, dim, dtype));
                 });
}

} // namespace

NamespacePtr make_functional_namespace() {
  auto f = std::make_shared<Namespace>("torch.nn.functional");
  define_activation(*f, "relu", [](const at::Tensor& x) { return at::relu(x); });
  define_activation(*f, "relu6", [](const at::Tensor& x) { return at::hardtanh(x, 0, 6); });
  define_activation(*f, "silu", [](const at::Tensor& x) { return at::silu(x); });
  define_builtin(*f, "sigmoid", {required("input")}, [](const BoundArgs& a) {
    return Value(at::sigmoid(tensor_input(a[0], "input")));
  });
  define_builtin(*f, "tanh", {required("input")},
                 [](const BoundArgs& a) { return Value(at::tanh(tensor_input(a[0], "input"))); });
  define_builtin(*f, "logsigmoid", {required("input")}, [](const BoundArgs& a) {
    return Value(at::log_sigmoid(tensor_input(a[0], "input")));
  });
  define_builtin(*f, "softplus",
                 {required("input"), optional("beta", 1), optional("threshold", 20)},
                 [](const BoundArgs& a) {
                   return Value(at::softplus(tensor_input(a[0], "input"), scalar(a[1], "beta"),
                                             scalar(a[2], "threshold")));
                 });
  define_builtin(*f, "elu", {required("input"), optional("alpha", 1.0), optional("inplace", false)},
                 [](const BoundArgs& a) {
                   return Value(at::elu(tensor_input(a[0], "input"), scalar(a[1], "alpha")));
                 });
  define_builtin(*f, "leaky_relu",
                 {required("input"), optional("negative_slope", 0.01), optional("inplace", false)},
                 [](const BoundArgs& a) {
                   return Value(
                       at::leaky_relu(tensor_input(a[0], "input"), scalar(a[1], "negative_slope")));
                 });
  define_builtin(
      *f, "gelu", {required("input"), keyword_only("approximate", "none")}, [](const BoundArgs& a) {
        return Value(at::gelu(tensor_input(a[0], "input"), to_str(a[1], argument("approximate"))));
      });
  define_softmax(*f, "softmax", false);
  define_softmax(*f, "log_softmax", true);
  define_builtin(*f, "one_hot", {required("tensor"), optional("num_classes", -1)},
                 [](const BoundArgs& a) {
                   return Value(at::one_hot(tensor_input(a[0], "tensor"),
                                            to_int(a[1], argument("num_classes"))));
                 });
  define_builtin(
      *f, "pad",
      {required("input"), required("pad"), optional("mode", "constant"), optional("value", None{})},
      [](const BoundArgs& a) {
        return Value(at::pad(tensor_input(a[0], "input"), to_int_list(a[1], argument("pad")),
                             to_str(a[2], argument("mode")), optional_double(a[3], "value")));
      });
  define_builtin(*f, "linear", {required("input"), required("weight"), optional("bias", None{})},
                 [](const BoundArgs& a) {
                   c10::optional<at::Tensor> bias;
                   if (!a[2].is_none())
                     bias = tensor_input(a[2], "bias");
                   return Value(
                       at::linear(tensor_input(a[0], "input"), tensor_input(a[1], "weight"), bias));
                 });
  return f;
}

} // namespace kiln::lang
