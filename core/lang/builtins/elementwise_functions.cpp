#include "core/lang/builtins/elementwise_functions.h"

#include <ATen/ATen.h>

#include "core/lang/builtins/arguments.h"
#include "core/lang/conversions.h"

namespace kiln::lang {

namespace {

using Unary = at::Tensor (*)(const at::Tensor&);
using Binary = at::Tensor (*)(const at::Tensor&, const at::Tensor&);
using Reach = TensorFunction::Reach;

TensorFunction unary(std::string name, Unary f) {
  return {std::move(name), {required("input")}, [f](const BoundArgs& a) {
            return Value(f(tensor_input(a[0], "input")));
          }};
}

// `other` may be a Python number, as torch.add(x, 1) allows.
TensorFunction binary(std::string name, std::string other, Binary f) {
  return {std::move(name), {required("input"), required(other)}, [f, other](const BoundArgs& a) {
            return Value(f(tensor_input(a[0], "input"), operand(a[1], other)));
          }};
}

// Both arguments must be tensors (torch.maximum(x, 0.) is a TypeError in torch).
TensorFunction tensors_binary(std::string name, Binary f) {
  return {std::move(name), {required("input"), required("other")}, [f](const BoundArgs& a) {
            return Value(f(tensor_input(a[0], "input"), tensor_input(a[1], "other")));
          }};
}

std::vector<TensorFunction> unary_functions() {
  return {
      unary("exp", [](const at::Tensor& t) { return at::exp(t); }),
      unary("exp2", [](const at::Tensor& t) { return at::exp2(t); }),
      unary("log", [](const at::Tensor& t) { return at::log(t); }),
      unary("log2", [](const at::Tensor& t) { return at::log2(t); }),
      unary("log10", [](const at::Tensor& t) { return at::log10(t); }),
      unary("log1p", [](const at::Tensor& t) { return at::log1p(t); }),
      unary("expm1", [](const at::Tensor& t) { return at::expm1(t); }),
      unary("sqrt", [](const at::Tensor& t) { return at::sqrt(t); }),
      unary("rsqrt", [](const at::Tensor& t) { return at::rsqrt(t); }),
      unary("square", [](const at::Tensor& t) { return at::square(t); }),
      unary("abs", [](const at::Tensor& t) { return at::abs(t); }),
      unary("neg", [](const at::Tensor& t) { return at::neg(t); }),
      unary("negative", [](const at::Tensor& t) { return at::neg(t); }),
      unary("reciprocal", [](const at::Tensor& t) { return at::reciprocal(t); }),
      unary("sin", [](const at::Tensor& t) { return at::sin(t); }),
      unary("cos", [](const at::Tensor& t) { return at::cos(t); }),
      unary("tan", [](const at::Tensor& t) { return at::tan(t); }),
      unary("asin", [](const at::Tensor& t) { return at::asin(t); }),
      unary("acos", [](const at::Tensor& t) { return at::acos(t); }),
      unary("atan", [](const at::Tensor& t) { return at::atan(t); }),
      unary("sinh", [](const at::Tensor& t) { return at::sinh(t); }),
      unary("cosh", [](const at::Tensor& t) { return at::cosh(t); }),
      unary("tanh", [](const at::Tensor& t) { return at::tanh(t); }),
      unary("sigmoid", [](const at::Tensor& t) { return at::sigmoid(t); }),
      unary("relu", [](const at::Tensor& t) { return at::relu(t); }),
      unary("erf", [](const at::Tensor& t) { return at::erf(t); }),
      unary("erfc", [](const at::Tensor& t) { return at::erfc(t); }),
      unary("erfinv", [](const at::Tensor& t) { return at::erfinv(t); }),
      unary("lgamma", [](const at::Tensor& t) { return at::lgamma(t); }),
      unary("digamma", [](const at::Tensor& t) { return at::digamma(t); }),
      unary("floor", [](const at::Tensor& t) { return at::floor(t); }),
      unary("ceil", [](const at::Tensor& t) { return at::ceil(t); }),
      unary("trunc", [](const at::Tensor& t) { return at::trunc(t); }),
      unary("frac", [](const at::Tensor& t) { return at::frac(t); }),
      unary("sign", [](const at::Tensor& t) { return at::sign(t); }),
      unary("isnan", [](const at::Tensor& t) { return at::isnan(t); }),
      unary("isinf", [](const at::Tensor& t) { return at::isinf(t); }),
      unary("isfinite", [](const at::Tensor& t) { return at::isfinite(t); }),
      unary("logical_not", [](const at::Tensor& t) { return at::logical_not(t); }),
  };
}

std::vector<TensorFunction> binary_functions() {
  return {
      binary("add", "other",
             [](const at::Tensor& a, const at::Tensor& b) { return at::add(a, b); }),
      binary("sub", "other",
             [](const at::Tensor& a, const at::Tensor& b) { return at::sub(a, b); }),
      binary("mul", "other",
             [](const at::Tensor& a, const at::Tensor& b) { return at::mul(a, b); }),
      binary("true_divide", "other",
             [](const at::Tensor& a, const at::Tensor& b) { return at::div(a, b); }),
      binary("floor_divide", "other",
             [](const at::Tensor& a, const at::Tensor& b) { return at::floor_divide(a, b); }),
      binary("remainder", "other",
             [](const at::Tensor& a, const at::Tensor& b) { return at::remainder(a, b); }),
      binary("fmod", "other",
             [](const at::Tensor& a, const at::Tensor& b) { return at::fmod(a, b); }),
      binary("eq", "other", [](const at::Tensor& a, const at::Tensor& b) { return at::eq(a, b); }),
      binary("ne", "other", [](const at::Tensor& a, const at::Tensor& b) { return at::ne(a, b); }),
      binary("lt", "other", [](const at::Tensor& a, const at::Tensor& b) { return at::lt(a, b); }),
      binary("le", "other", [](const at::Tensor& a, const at::Tensor& b) { return at::le(a, b); }),
      binary("gt", "other", [](const at::Tensor& a, const at::Tensor& b) { return at::gt(a, b); }),
      binary("ge", "other", [](const at::Tensor& a, const at::Tensor& b) { return at::ge(a, b); }),
      binary("xlogy", "other",
             [](const at::Tensor& a, const at::Tensor& b) { return at::xlogy(a, b); }),
      tensors_binary("maximum",
                     [](const at::Tensor& a, const at::Tensor& b) { return at::maximum(a, b); }),
      tensors_binary("minimum",
                     [](const at::Tensor& a, const at::Tensor& b) { return at::minimum(a, b); }),
      tensors_binary("atan2",
                     [](const at::Tensor& a, const at::Tensor& b) { return at::atan2(a, b); }),
      tensors_binary("logaddexp",
                     [](const at::Tensor& a, const at::Tensor& b) { return at::logaddexp(a, b); }),
      tensors_binary("logical_and", [](const at::Tensor& a,
                                       const at::Tensor& b) { return at::logical_and(a, b); }),
      tensors_binary("logical_or",
                     [](const at::Tensor& a, const at::Tensor& b) { return at::logical_or(a, b); }),
      tensors_binary("logical_xor", [](const at::Tensor& a,
                                       const at::Tensor& b) { return at::logical_xor(a, b); }),
  };
}

// Minimum and maximum as clamp takes them: numbers, tensors, or None.
Value clamp(const at::Tensor& input, const Value& min, const Value& max) {
  if (min.is<at::Tensor>() || max.is<at::Tensor>()) {
    auto bound = [](const Value& v, const char* name) -> c10::optional<at::Tensor> {
      if (v.is_none())
        return c10::nullopt;
      return operand(v, name);
    };
    return at::clamp(input, bound(min, "min"), bound(max, "max"));
  }
  auto bound = [](const Value& v, const char* name) -> c10::optional<at::Scalar> {
    if (v.is_none())
      return c10::nullopt;
    return scalar(v, name);
  };
  return at::clamp(input, bound(min, "min"), bound(max, "max"));
}

std::vector<TensorFunction> other_functions() {
  auto clamp_body = [](const BoundArgs& a) {
    return clamp(tensor_input(a[0], "input"), a[1], a[2]);
  };
  return {
      {"pow",
       {required("input"), required("exponent")},
       [](const BoundArgs& a) {
         // torch.pow(2, x) takes the number as the base.
         if (!a[0].is<at::Tensor>())
           return Value(at::pow(scalar(a[0], "input"), tensor_input(a[1], "exponent")));
         return Value(at::pow(a[0].get<at::Tensor>(), operand(a[1], "exponent")));
       }},
      {"div",
       {required("input"), required("other"), keyword_only("rounding_mode", None{})},
       [](const BoundArgs& a) {
         at::Tensor x = tensor_input(a[0], "input"), y = operand(a[1], "other");
         if (a[2].is_none())
           return Value(at::div(x, y));
         return Value(at::div(x, y, to_str(a[2], argument("rounding_mode"))));
       }},
      {"clamp", {required("input"), optional("min", None{}), optional("max", None{})}, clamp_body},
      {"clip", {required("input"), optional("min", None{}), optional("max", None{})}, clamp_body},
      {"clamp_min",
       {required("input"), required("min")},
       [](const BoundArgs& a) { return clamp(tensor_input(a[0], "input"), a[1], None{}); }},
      {"clamp_max",
       {required("input"), required("max")},
       [](const BoundArgs& a) { return clamp(tensor_input(a[0], "input"), None{}, a[1]); }},
      {"round",
       {required("input"), keyword_only("decimals", 0)},
       [](const BoundArgs& a) {
         return Value(at::round(tensor_input(a[0], "input"), to_int(a[1], argument("decimals"))));
       }},
      {"logit",
       {required("input"), optional("eps", None{})},
       [](const BoundArgs& a) {
         return Value(at::logit(tensor_input(a[0], "input"), optional_double(a[1], "eps")));
       }},
      {"nan_to_num",
       {required("input"), optional("nan", 0.0), optional("posinf", None{}),
        optional("neginf", None{})},
       [](const BoundArgs& a) {
         return Value(at::nan_to_num(tensor_input(a[0], "input"), optional_double(a[1], "nan"),
                                     optional_double(a[2], "posinf"),
                                     optional_double(a[3], "neginf")));
       }},
      {"where",
       {required("condition"), optional("input", None{}), optional("other", None{})},
       [](const BoundArgs& a) {
         at::Tensor condition = tensor_input(a[0], "condition");
         if (a[1].is_none() && a[2].is_none())
           return tensor_tuple(at::where(condition));
         return Value(at::where(condition, operand(a[1], "input"), operand(a[2], "other")));
       },
       Reach::torch_only},
      {"isclose",
       {required("input"), required("other"), optional("rtol", 1e-05), optional("atol", 1e-08),
        optional("equal_nan", false)},
       [](const BoundArgs& a) {
         return Value(at::isclose(tensor_input(a[0], "input"), tensor_input(a[1], "other"),
                                  to_double(a[2], argument("rtol")),
                                  to_double(a[3], argument("atol")),
                                  to_bool(a[4], argument("equal_nan"))));
       }},
      {"allclose",
       {required("input"), required("other"), optional("rtol", 1e-05), optional("atol", 1e-08),
        optional("equal_nan", false)},
       [](const BoundArgs& a) {
         return Value(at::allclose(tensor_input(a[0], "input"), tensor_input(a[1], "other"),
                                   to_double(a[2], argument("rtol")),
                                   to_double(a[3], argument("atol")),
                                   to_bool(a[4], argument("equal_nan"))));
       }},
      {"equal",
       {required("input"), required("other")},
       [](const BoundArgs& a) {
         return Value(at::equal(tensor_input(a[0], "input"), tensor_input(a[1], "other")));
       }},
      {"masked_fill",
       {required("input"), required("mask"), required("value")},
       [](const BoundArgs& a) {
         at::Tensor input = tensor_input(a[0], "input"), mask = tensor_input(a[1], "mask");
         if (auto t = a[2].get_if<at::Tensor>())
           return Value(at::masked_fill(input, mask, *t));
         return Value(at::masked_fill(input, mask, scalar(a[2], "value")));
       }},
  };
}

} // namespace

std::vector<TensorFunction> elementwise_functions() {
  std::vector<TensorFunction> out = unary_functions();
  for (auto part : {binary_functions, other_functions})
    for (TensorFunction& f : part())
      out.push_back(std::move(f));
  return out;
}

} // namespace kiln::lang
