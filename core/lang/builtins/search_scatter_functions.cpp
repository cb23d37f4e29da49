#include "core/lang/builtins/search_scatter_functions.h"

#include <ATen/ATen.h>

#include "core/lang/builtins/arguments.h"
#include "core/lang/conversions.h"
#include "core/util/error.h"

namespace kiln::lang {

namespace {

using Reach = TensorFunction::Reach;

at::Tensor input_of(const BoundArgs& a) {
  return tensor_input(a[0], "input");
}

int64_t int_of(const BoundArgs& a, size_t i, const char* name) {
  return to_int(a[i], argument(name));
}

std::vector<TensorFunction> search_functions() {
  return {
      {"searchsorted",
       {required("sorted_sequence"), required("input"), keyword_only("out_int32", false),
        keyword_only("right", false)},
       [](const BoundArgs& a) {
         at::Tensor sorted = tensor_input(a[0], "sorted_sequence");
         bool out_int32 = to_bool(a[2], argument("out_int32"));
         bool right = to_bool(a[3], argument("right"));
         if (auto t = a[1].get_if<at::Tensor>())
           return Value(at::searchsorted(sorted, *t, out_int32, right));
         return Value(at::searchsorted(sorted, scalar(a[1], "input"), out_int32, right));
       },
       Reach::torch_only},
      {"bucketize",
       {required("input"), required("boundaries"), keyword_only("out_int32", false),
        keyword_only("right", false)},
       [](const BoundArgs& a) {
         return Value(at::bucketize(input_of(a), tensor_input(a[1], "boundaries"),
                                    to_bool(a[2], argument("out_int32")),
                                    to_bool(a[3], argument("right"))));
       }},
      {"nonzero",
       {required("input"), keyword_only("as_tuple", false)},
       [](const BoundArgs& a) {
         if (to_bool(a[1], argument("as_tuple")))
           return tensor_tuple(at::nonzero_numpy(input_of(a)));
         return Value(at::nonzero(input_of(a)));
       }},
      {"scatter_add",
       {required("input"), required("dim"), required("index"), required("src")},
       [](const BoundArgs& a) {
         return Value(at::scatter_add(input_of(a), int_of(a, 1, "dim"), tensor_input(a[2], "index"),
                                      tensor_input(a[3], "src")));
       }},
      {"index_add",
       {required("input"), required("dim"), required("index"), required("source"),
        keyword_only("alpha", 1)},
       [](const BoundArgs& a) {
         return Value(at::index_add(input_of(a), int_of(a, 1, "dim"), tensor_input(a[2], "index"),
                                    tensor_input(a[3], "source"), scalar(a[4], "alpha")));
       }},
      {"diff",
       {required("input"), optional("n", 1), optional("dim", -1), optional("prepend", None{}),
        optional("append", None{})},
       [](const BoundArgs& a) {
         c10::optional<at::Tensor> prepend, append;
         if (!a[3].is_none())
           prepend = tensor_input(a[3], "prepend");
         if (!a[4].is_none())
           append = tensor_input(a[4], "append");
         return Value(
             at::diff(input_of(a), int_of(a, 1, "n"), int_of(a, 2, "dim"), prepend, append));
       }},
  };
}

std::vector<TensorFunction> statistics_functions() {
  return {
      // torch.median(x) is the lower of the two middle values; with dim, (values, indices).
      {"median",
       {required("input"), optional("dim", None{}), optional("keepdim", false)},
       [](const BoundArgs& a) {
         if (a[1].is_none())
           return Value(at::median(input_of(a)));
         auto [values, indices] =
             at::median(input_of(a), int_of(a, 1, "dim"), to_bool(a[2], argument("keepdim")));
         return named_tensor_tuple({{"values", values}, {"indices", indices}});
       }},
      {"quantile",
       {required("input"), required("q"), optional("dim", None{}), optional("keepdim", false),
        keyword_only("interpolation", std::string("linear"))},
       [](const BoundArgs& a) {
         at::Tensor input = input_of(a);
         c10::optional<int64_t> dim = optional_int(a[2], "dim");
         bool keepdim = to_bool(a[3], argument("keepdim"));
         std::string interpolation = to_str(a[4], argument("interpolation"));
         if (auto q = a[1].get_if<at::Tensor>())
           return Value(
               at::quantile(input, q->to(input.scalar_type()), dim, keepdim, interpolation));
         return Value(
             at::quantile(input, to_double(a[1], argument("q")), dim, keepdim, interpolation));
       }},
      {"dist",
       {required("input"), required("other"), optional("p", 2.0)},
       [](const BoundArgs& a) {
         return Value(at::dist(input_of(a), tensor_input(a[1], "other"), scalar(a[2], "p")));
       }},
      {"tensordot",
       {required("a"), required("b"), optional("dims", 2)},
       [](const BoundArgs& a) {
         at::Tensor x = tensor_input(a[0], "a"), y = tensor_input(a[1], "b");
         std::vector<int64_t> dims_x, dims_y;
         if (a[2].is<int64_t>()) {
           const int64_t n = a[2].get<int64_t>();
           for (int64_t i = 0; i < n; ++i) {
             dims_x.push_back(x.dim() - n + i);
             dims_y.push_back(i);
           }
         } else {
           const auto pair = to_items(a[2], argument("dims"));
           if (pair.size() != 2)
             throw Error("tensordot(): dims must be an int or a pair of lists");
           dims_x = to_int_list(pair[0], argument("dims"));
           dims_y = to_int_list(pair[1], argument("dims"));
         }
         return Value(at::tensordot(x, y, dims_x, dims_y));
       },
       Reach::torch_only},
  };
}

std::vector<TensorFunction> special_functions() {
  return {
      {"polygamma",
       {required("n"), required("input")},
       [](const BoundArgs& a) {
         return Value(at::polygamma(int_of(a, 0, "n"), tensor_input(a[1], "input")));
       },
       Reach::torch_only},
      {"polygamma",
       {required("input"), required("n")},
       [](const BoundArgs& a) { return Value(at::polygamma(int_of(a, 1, "n"), input_of(a))); },
       Reach::method_only},
      {"mvlgamma",
       {required("input"), required("p")},
       [](const BoundArgs& a) { return Value(at::mvlgamma(input_of(a), int_of(a, 1, "p"))); }},
      {"hypot",
       {required("input"), required("other")},
       [](const BoundArgs& a) {
         return Value(at::hypot(input_of(a), tensor_input(a[1], "other")));
       }},
      {"heaviside",
       {required("input"), required("values")},
       [](const BoundArgs& a) {
         return Value(at::heaviside(input_of(a), tensor_input(a[1], "values")));
       }},
  };
}

} // namespace

std::vector<TensorFunction> search_scatter_functions() {
  std::vector<TensorFunction> out = search_functions();
  for (auto part : {statistics_functions, special_functions})
    for (TensorFunction& f : part())
      out.push_back(std::move(f));
  return out;
}

} // namespace kiln::lang
