#include "core/lang/builtins/nn_namespace.h"

#include <ATen/ATen.h>

#include "core/lang/builtins/arguments.h"
#include "core/lang/builtins/builtin_errors.h"
#include "core/lang/builtins/functional_namespace.h"
#include "core/lang/builtins/nn_modules.h"
#include "core/lang/conversions.h"
#include "core/util/error.h"

namespace kiln::lang {

namespace {

Value module_value(std::shared_ptr<NnModule> module) {
  return Value(ObjectPtr(std::move(module)));
}

void define_plain_activation(Namespace& nn, const std::string& name,
                             at::Tensor (*f)(const at::Tensor&)) {
  define_builtin(nn, name, {}, [name, f](const BoundArgs&) {
    return module_value(std::make_shared<Activation>(name, "", f));
  });
}

// Softmax(dim=None) and LogSoftmax(dim=None).
void define_softmax(Namespace& nn, const std::string& name, bool log) {
  define_builtin(nn, name, {optional("dim", None{})}, [name, log](const BoundArgs& a) {
    c10::optional<int64_t> dim = optional_int(a[0], "dim");
    return module_value(std::make_shared<Activation>(
        name, "dim=" + (dim ? std::to_string(*dim) : std::string("None")),
        [dim, log](const at::Tensor& x) {
          int64_t d = dim ? *dim : implicit_softmax_dim(x.dim());
          return log ? at::log_softmax(x, d) : at::softmax(x, d);
        }));
  });
}

void define_activations(Namespace& nn) {
  define_plain_activation(nn, "ReLU", [](const at::Tensor& x) { return at::relu(x); });
  define_plain_activation(nn, "Sigmoid", [](const at::Tensor& x) { return at::sigmoid(x); });
  define_plain_activation(nn, "Tanh", [](const at::Tensor& x) { return at::tanh(x); });
  define_plain_activation(nn, "SiLU", [](const at::Tensor& x) { return at::silu(x); });
  define_plain_activation(nn, "GELU", [](const at::Tensor& x) { return at::gelu(x); });
  define_plain_activation(nn, "Identity", [](const at::Tensor& x) { return x; });
  define_builtin(
      nn, "Softplus", {optional("beta", 1), optional("threshold", 20)}, [](const BoundArgs& a) {
        at::Scalar beta = scalar(a[0], "beta"), threshold = scalar(a[1], "threshold");
        return module_value(std::make_shared<Activation>(
            "Softplus", "beta=" + repr(a[0]) + ", threshold=" + repr(a[1]),
            [beta, threshold](const at::Tensor& x) { return at::softplus(x, beta, threshold); }));
      });
  define_builtin(nn, "ELU", {optional("alpha", 1.0), optional("inplace", false)},
                 [](const BoundArgs& a) {
                   at::Scalar alpha = scalar(a[0], "alpha");
                   return module_value(std::make_shared<Activation>(
                       "ELU", "alpha=" + repr(a[0]),
                       [alpha](const at::Tensor& x) { return at::elu(x, alpha); }));
                 });
  define_builtin(nn, "LeakyReLU", {optional("negative_slope", 0.01), optional("inplace", false)},
                 [](const BoundArgs& a) {
                   at::Scalar slope = scalar(a[0], "negative_slope");
                   return module_value(std::make_shared<Activation>(
                       "LeakyReLU", "negative_slope=" + repr(a[0]),
                       [slope](const at::Tensor& x) { return at::leaky_relu(x, slope); }));
                 });
  define_softmax(nn, "Softmax", false);
  define_softmax(nn, "LogSoftmax", true);
}

} // namespace

NamespacePtr make_nn_namespace() {
  auto nn = std::make_shared<Namespace>("torch.nn");
  define_builtin(
      *nn, "Linear", {required("in_features"), required("out_features"), optional("bias", true)},
      [](const BoundArgs& a) {
        int64_t in = to_int(a[0], argument("in_features"));
        int64_t out = to_int(a[1], argument("out_features"));
        if (in < 0 || out < 0)
          throw ShapeError("the numbers of features must be non-negative, got " +
                           std::to_string(in) + " and " + std::to_string(out));
        return module_value(std::make_shared<Linear>(in, out, to_bool(a[2], argument("bias"))));
      });
  define_builtin(*nn, "Sequential", {star("modules")}, [](const BoundArgs& a) {
    std::vector<std::shared_ptr<NnModule>> modules;
    for (const Value& v : to_items(a[0], "")) {
      auto object = v.get_if<ObjectPtr>();
      auto module = object ? std::dynamic_pointer_cast<NnModule>(*object) : nullptr;
      if (!module)
        type_error("argument " + std::to_string(modules.size() + 1), "a torch.nn module", v);
      modules.push_back(std::move(module));
    }
    return module_value(std::make_shared<Sequential>(std::move(modules)));
  });
  define_activations(*nn);
  nn->define("functional", Value(ObjectPtr(make_functional_namespace())));
  return nn;
}

} // namespace kiln::lang
