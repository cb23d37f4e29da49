#include "core/lang/builtins/creation_functions.h"

#include <ATen/ATen.h>

#include "core/lang/builtins/arguments.h"
#include "core/lang/builtins/builtin_errors.h"
#include "core/lang/builtins/dtype.h"
#include "core/lang/conversions.h"
#include "core/lang/function.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::lang {

namespace {

// The keyword-only tail every creation function takes: dtype, device, requires_grad.
std::vector<Param> with_options(std::vector<Param> params) {
  params.push_back(keyword_only("dtype", None{}));
  params.push_back(keyword_only("device", None{}));
  params.push_back(keyword_only("requires_grad", false));
  return params;
}

// The dtype the caller asked for (argument `i`), else `fallback`.
at::ScalarType dtype_at(const BoundArgs& a, size_t i, at::ScalarType fallback) {
  return optional_scalar_type(a[i]).value_or(fallback);
}

at::ScalarType default_float() {
  return at::typeMetaToScalarType(at::get_default_dtype());
}

// Checks the device (Kiln computes on the CPU) and applies requires_grad; `i` is the index of
// the dtype argument, the options follow it.
Value finish(at::Tensor t, const BoundArgs& a, size_t i) {
  const Value& device = a[i + 1];
  if (!device.is_none() && (!device.is<std::string>() || device.get<std::string>().rfind("cpu", 0)))
    throw Error(argument("device") + ": Kiln computes on the CPU only, not on " + repr(device));
  if (to_bool(a[i + 2], argument("requires_grad")))
    t.set_requires_grad(true);
  return t;
}

// The dtype torch infers from a Python number: bool, int64, or the default float.
at::ScalarType dtype_of_number(const Value& v) {
  if (v.is<bool>())
    return at::kBool;
  if (v.is<int64_t>())
    return at::kLong;
  if (auto t = v.get_if<at::Tensor>())
    return t->scalar_type();
  return default_float();
}

bool is_floating(const Value& v) {
  if (auto t = v.get_if<at::Tensor>())
    return t->is_floating_point();
  return v.is<double>();
}

// arange(end), arange(start, end), arange(start, end, step), as torch reads them.
Value arange(const BoundArgs& a) {
  Value start = a[0], end = a[1];
  if (end.is_none()) {
    if (start.is_none())
      throw Error("missing 1 required argument: 'end'");
    std::swap(start, end);
  }
  if (start.is_none())
    start = Value(0);
  const Value& step = a[2];
  at::ScalarType fallback =
      is_floating(start) || is_floating(end) || is_floating(step) ? default_float() : at::kLong;
  at::ScalarType dtype = dtype_at(a, 3, fallback);
  return finish(at::arange(scalar(start, "start"), scalar(end, "end"), scalar(step, "step"),
                           at::TensorOptions().dtype(dtype)),
                a, 3);
}

void define_fill_functions(Namespace& torch) {
  define_builtin(torch, "tensor", with_options({required("data")}), [](const BoundArgs& a) {
    at::Tensor t = a[0].is<at::Tensor>() ? a[0].get<at::Tensor>().detach().clone()
                                         : to_tensor(a[0], argument("data"));
    if (auto dtype = optional_scalar_type(a[1]))
      t = t.to(*dtype);
    return finish(t, a, 1);
  });
  define_builtin(torch, "as_tensor",
                 {required("data"), optional("dtype", None{}), optional("device", None{}),
                  keyword_only("requires_grad", false)},
                 [](const BoundArgs& a) {
                   at::Tensor t = to_tensor(a[0], argument("data"));
                   if (auto dtype = optional_scalar_type(a[1]))
                     t = t.to(*dtype);
                   return finish(t, a, 1);
                 });
  // Kiln's empty tensors are zeros: a model that reads one before writing it stays reproducible.
  define_builtin(torch, "empty", with_options({star("size")}), [](const BoundArgs& a) {
    auto options = at::TensorOptions().dtype(dtype_at(a, 1, default_float()));
    return finish(at::zeros(to_int_list(a[0], argument("size")), options), a, 1);
  });
  for (bool ones : {false, true})
    define_builtin(torch, ones ? "ones" : "zeros", with_options({star("size")}),
                   [ones](const BoundArgs& a) {
                     auto options = at::TensorOptions().dtype(dtype_at(a, 1, default_float()));
                     auto size = to_int_list(a[0], argument("size"));
                     return finish(ones ? at::ones(size, options) : at::zeros(size, options), a, 1);
                   });
  define_builtin(torch, "full", with_options({required("size"), required("fill_value")}),
                 [](const BoundArgs& a) {
                   auto dtype = dtype_at(a, 2, dtype_of_number(a[1]));
                   return finish(at::full(to_int_list(a[0], argument("size")),
                                          scalar(a[1], "fill_value"),
                                          at::TensorOptions().dtype(dtype)),
                                 a, 2);
                 });
  for (bool ones : {false, true})
    define_builtin(torch, ones ? "ones_like" : "zeros_like", with_options({required("input")}),
                   [ones](const BoundArgs& a) {
                     at::Tensor input = tensor_input(a[0], "input");
                     auto options = at::TensorOptions().dtype(dtype_at(a, 1, input.scalar_type()));
                     return finish(ones ? at::ones_like(input, options)
                                        : at::zeros_like(input, options),
                                   a, 1);
                   });
  define_builtin(torch, "full_like", with_options({required("input"), required("fill_value")}),
                 [](const BoundArgs& a) {
                   at::Tensor input = tensor_input(a[0], "input");
                   auto options = at::TensorOptions().dtype(dtype_at(a, 2, input.scalar_type()));
                   return finish(at::full_like(input, scalar(a[1], "fill_value"), options), a, 2);
                 });
}

void define_range_functions(Namespace& torch) {
  define_builtin(
      torch, "arange",
      with_options({optional("start", None{}), optional("end", None{}), optional("step", 1)}),
      arange);
  define_builtin(torch, "linspace",
                 with_options({required("start"), required("end"), required("steps")}),
                 [](const BoundArgs& a) {
                   auto options = at::TensorOptions().dtype(dtype_at(a, 3, default_float()));
                   return finish(at::linspace(scalar(a[0], "start"), scalar(a[1], "end"),
                                              to_int(a[2], argument("steps")), options),
                                 a, 3);
                 });
  define_builtin(
      torch, "logspace",
      with_options({required("start"), required("end"), required("steps"), optional("base", 10.0)}),
      [](const BoundArgs& a) {
        auto options = at::TensorOptions().dtype(dtype_at(a, 4, default_float()));
        return finish(at::logspace(scalar(a[0], "start"), scalar(a[1], "end"),
                                   to_int(a[2], argument("steps")),
                                   to_double(a[3], argument("base")), options),
                      a, 4);
      });
  define_builtin(torch, "meshgrid", {star("tensors"), keyword_only("indexing", std::string("ij"))},
                 [](const BoundArgs& a) {
                   auto items = a[0].get<TuplePtr>()->items;
                   // meshgrid(x, y) and meshgrid([x, y]) both work in torch.
                   const Value list = items.size() == 1 && !items[0].is<at::Tensor>()
                                          ? items[0]
                                          : make_tuple(items);
                   return tensor_tuple(at::meshgrid(tensor_list(list, argument("tensors")),
                                                    to_str(a[1], argument("indexing"))));
                 });
  define_builtin(torch, "eye", with_options({required("n"), optional("m", None{})}),
                 [](const BoundArgs& a) {
                   auto options = at::TensorOptions().dtype(dtype_at(a, 2, default_float()));
                   int64_t n = to_int(a[0], argument("n"));
                   int64_t m = a[1].is_none() ? n : to_int(a[1], argument("m"));
                   return finish(at::eye(n, m, options), a, 2);
                 });
}

void define_random_functions(Namespace& torch) {
  for (bool normal : {false, true}) {
    define_builtin(torch, normal ? "randn" : "rand", with_options({star("size")}),
                   [normal](const BoundArgs& a) {
                     auto options = at::TensorOptions().dtype(dtype_at(a, 1, default_float()));
                     auto size = to_int_list(a[0], argument("size"));
                     return finish(normal ? at::randn(size, generator(), options)
                                          : at::rand(size, generator(), options),
                                   a, 1);
                   });
    define_builtin(torch, normal ? "randn_like" : "rand_like", with_options({required("input")}),
                   [normal](const BoundArgs& a) {
                     at::Tensor input = tensor_input(a[0], "input");
                     auto options = at::TensorOptions().dtype(dtype_at(a, 1, input.scalar_type()));
                     return finish(normal ? at::randn(input.sizes(), generator(), options)
                                          : at::rand(input.sizes(), generator(), options),
                                   a, 1);
                   });
  }
  // randint(high, size) or randint(low, high, size); size may come as a keyword.
  define_builtin(
      torch, "randint",
      with_options({required("low"), optional("high", None{}), optional("size", None{})}),
      [](const BoundArgs& a) {
        Value low = a[0], high = a[1], size = a[2];
        if (size.is_none()) {
          size = high;
          high = None{};
        }
        if (high.is_none()) {
          high = low;
          low = Value(0);
        }
        if (size.is_none())
          throw Error("missing 1 required argument: 'size'");
        auto options = at::TensorOptions().dtype(dtype_at(a, 3, at::kLong));
        return finish(at::randint(to_int(low, argument("low")), to_int(high, argument("high")),
                                  to_int_list(size, argument("size")), generator(), options),
                      a, 3);
      });
}

} // namespace

void define_creation_functions(Namespace& torch) {
  define_fill_functions(torch);
  define_range_functions(torch);
  define_random_functions(torch);
}

} // namespace kiln::lang
