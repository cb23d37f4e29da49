#include "core/lang/builtins/reduction_functions.h"

#include <ATen/ATen.h>

#include "core/lang/builtins/arguments.h"
#include "core/lang/builtins/dtype.h"
#include "core/lang/conversions.h"
#include "core/util/error.h"

namespace kiln::lang {

namespace {

using Reach = TensorFunction::Reach;

// (input, dim=None, keepdim=False, *, dtype=None): sum, mean, nansum.
TensorFunction sum_like(std::string name,
                        at::Tensor (*f)(const at::Tensor&, at::OptionalIntArrayRef, bool,
                                        c10::optional<at::ScalarType>)) {
  return {std::move(name),
          {required("input"), optional("dim", None{}), optional("keepdim", false),
           keyword_only("dtype", None{})},
          [f](const BoundArgs& a) {
            at::Tensor input = tensor_input(a[0], "input");
            return Value(f(input, dims_or_all(a[1], input, "dim"),
                           to_bool(a[2], argument("keepdim")), optional_scalar_type(a[3])));
          }};
}

// (input, dim=None, unbiased=True, keepdim=False): std and var. torch.std(x, False) passes
// `unbiased` in the place of dim, as torch's overloads allow.
TensorFunction std_like(std::string name,
                        at::Tensor (*f)(const at::Tensor&, at::OptionalIntArrayRef, bool, bool)) {
  return {std::move(name),
          {required("input"), optional("dim", None{}), optional("unbiased", true),
           optional("keepdim", false)},
          [f](const BoundArgs& a) {
            at::Tensor input = tensor_input(a[0], "input");
            if (a[1].is<bool>())
              return Value(f(input, c10::nullopt, a[1].get<bool>(), false));
            bool unbiased = to_bool(a[2], argument("unbiased"));
            bool keepdim = to_bool(a[3], argument("keepdim"));
            if (a[1].is_none())
              return Value(f(input, c10::nullopt, unbiased, keepdim));
            return Value(f(input, to_int_list(a[1], argument("dim")), unbiased, keepdim));
          }};
}

// (input, dim=None, keepdim=False): the whole reduction without dim, (values, indices) with
// it; torch.max(x, y) with a tensor is the elementwise maximum.
TensorFunction max_like(std::string name, bool is_max) {
  return {std::move(name),
          {required("input"), optional("dim", None{}), optional("keepdim", false)},
          [is_max](const BoundArgs& a) {
            at::Tensor input = tensor_input(a[0], "input");
            if (a[1].is_none())
              return Value(is_max ? at::max(input) : at::min(input));
            if (auto other = a[1].get_if<at::Tensor>())
              return Value(is_max ? at::maximum(input, *other) : at::minimum(input, *other));
            int64_t dim = to_int(a[1], argument("dim"));
            bool keepdim = to_bool(a[2], argument("keepdim"));
            auto [values, indices] =
                is_max ? at::max(input, dim, keepdim) : at::min(input, dim, keepdim);
            return named_tensor_tuple({{"values", values}, {"indices", indices}});
          }};
}

TensorFunction arg_like(std::string name, bool is_max) {
  return {std::move(name),
          {required("input"), optional("dim", None{}), optional("keepdim", false)},
          [is_max](const BoundArgs& a) {
            at::Tensor input = tensor_input(a[0], "input");
            c10::optional<int64_t> dim = optional_int(a[1], "dim");
            bool keepdim = to_bool(a[2], argument("keepdim"));
            return Value(is_max ? at::argmax(input, dim, keepdim)
                                : at::argmin(input, dim, keepdim));
          }};
}

TensorFunction all_like(std::string name, bool is_all) {
  return {std::move(name),
          {required("input"), optional("dim", None{}), optional("keepdim", false)},
          [is_all](const BoundArgs& a) {
            at::Tensor input = tensor_input(a[0], "input");
            if (a[1].is_none())
              return Value(is_all ? at::all(input) : at::any(input));
            int64_t dim = to_int(a[1], argument("dim"));
            bool keepdim = to_bool(a[2], argument("keepdim"));
            return Value(is_all ? at::all(input, dim, keepdim) : at::any(input, dim, keepdim));
          }};
}

TensorFunction cumulative(std::string name, bool is_sum) {
  return {std::move(name),
          {required("input"), required("dim"), keyword_only("dtype", None{})},
          [is_sum](const BoundArgs& a) {
            at::Tensor input = tensor_input(a[0], "input");
            int64_t dim = to_int(a[1], argument("dim"));
            auto dtype = optional_scalar_type(a[2]);
            return Value(is_sum ? at::cumsum(input, dim, dtype) : at::cumprod(input, dim, dtype));
          }};
}

TensorFunction amax_like(std::string name, bool is_max) {
  return {std::move(name),
          {required("input"), optional("dim", make_tuple()), optional("keepdim", false)},
          [is_max](const BoundArgs& a) {
            at::Tensor input = tensor_input(a[0], "input");
            std::vector<int64_t> dims = to_int_list(a[1], argument("dim"));
            bool keepdim = to_bool(a[2], argument("keepdim"));
            return Value(is_max ? at::amax(input, dims, keepdim) : at::amin(input, dims, keepdim));
          }};
}

Value norm(const BoundArgs& a) {
  at::Tensor input = tensor_input(a[0], "input");
  bool keepdim = to_bool(a[3], argument("keepdim"));
  auto dtype = optional_scalar_type(a[4]);
  if (dtype)
    input = input.to(*dtype);
  c10::optional<std::vector<int64_t>> dims;
  if (!a[2].is_none())
    dims = to_int_list(a[2], argument("dim"));
  if (auto p = a[1].get_if<std::string>()) {
    if (*p == "nuc")
      return dims ? at::nuclear_norm(input, *dims, keepdim) : at::nuclear_norm(input, keepdim);
    if (*p != "fro")
      throw Error(argument("p") + " must be a number, 'fro' or 'nuc', not '" + *p + "'");
    return dims ? at::frobenius_norm(input, *dims, keepdim) : at::norm(input);
  }
  at::Scalar p = scalar(a[1], "p");
  if (!dims)
    return keepdim ? at::norm(input, p, dims_or_all(None{}, input, "dim"), true)
                   : at::norm(input, p);
  return at::norm(input, p, *dims, keepdim);
}

TensorFunction sort_like(std::string name, bool values_too) {
  return {std::move(name),
          {required("input"), optional("dim", -1), optional("descending", false)},
          [values_too](const BoundArgs& a) {
            auto [values, indices] =
                at::sort(tensor_input(a[0], "input"), to_int(a[1], argument("dim")),
                         to_bool(a[2], argument("descending")));
            return values_too ? named_tensor_tuple({{"values", values}, {"indices", indices}})
                              : Value(indices);
          }};
}

} // namespace

std::vector<TensorFunction> reduction_functions() {
  return {
      sum_like("sum", [](const at::Tensor& t, at::OptionalIntArrayRef d, bool k,
                         c10::optional<at::ScalarType> s) { return at::sum(t, d, k, s); }),
      sum_like("nansum",
               [](const at::Tensor& t, at::OptionalIntArrayRef d, bool k,
                  c10::optional<at::ScalarType> s) {
                 return at::nansum(t, d.value_or(at::IntArrayRef{}), k, s);
               }),
      sum_like("mean", [](const at::Tensor& t, at::OptionalIntArrayRef d, bool k,
                          c10::optional<at::ScalarType> s) { return at::mean(t, d, k, s); }),
      {"prod",
       {required("input"), optional("dim", None{}), optional("keepdim", false),
        keyword_only("dtype", None{})},
       [](const BoundArgs& a) {
         at::Tensor input = tensor_input(a[0], "input");
         auto dtype = optional_scalar_type(a[3]);
         if (a[1].is_none())
           return Value(at::prod(input, dtype));
         return Value(at::prod(input, to_int(a[1], argument("dim")),
                               to_bool(a[2], argument("keepdim")), dtype));
       }},
      std_like("std", [](const at::Tensor& t, at::OptionalIntArrayRef d, bool u,
                         bool k) { return at::std(t, d, u, k); }),
      std_like("var", [](const at::Tensor& t, at::OptionalIntArrayRef d, bool u,
                         bool k) { return at::var(t, d, u, k); }),
      max_like("max", true),
      max_like("min", false),
      arg_like("argmax", true),
      arg_like("argmin", false),
      amax_like("amax", true),
      amax_like("amin", false),
      all_like("all", true),
      all_like("any", false),
      cumulative("cumsum", true),
      cumulative("cumprod", false),
      {"logsumexp",
       {required("input"), required("dim"), optional("keepdim", false)},
       [](const BoundArgs& a) {
         return Value(at::logsumexp(tensor_input(a[0], "input"), to_int_list(a[1], argument("dim")),
                                    to_bool(a[2], argument("keepdim"))));
       }},
      {"norm",
       {required("input"), optional("p", "fro"), optional("dim", None{}),
        optional("keepdim", false), optional("dtype", None{})},
       norm},
      sort_like("sort", true),
      sort_like("argsort", false),
      {"topk",
       {required("input"), required("k"), optional("dim", -1), optional("largest", true),
        optional("sorted", true)},
       [](const BoundArgs& a) {
         auto [values, indices] =
             at::topk(tensor_input(a[0], "input"), to_int(a[1], argument("k")),
                      to_int(a[2], argument("dim")), to_bool(a[3], argument("largest")),
                      to_bool(a[4], argument("sorted")));
         return named_tensor_tuple({{"values", values}, {"indices", indices}});
       }},
      {"count_nonzero",
       {required("input"), optional("dim", None{})},
       [](const BoundArgs& a) {
         at::Tensor input = tensor_input(a[0], "input");
         return Value(at::count_nonzero(input, dims_or_all(a[1], input, "dim")));
       }},
  };
}

} // namespace kiln::lang
