#include "core/lang/builtins/shape_functions.h"

#include <ATen/ATen.h>

#include "core/lang/builtins/arguments.h"
#include "core/lang/conversions.h"

namespace kiln::lang {

namespace {

using Reach = TensorFunction::Reach;

// Functions whose sizes torch takes as one argument (torch.reshape(x, (2, 3))) and its methods
// also as varargs (x.reshape(2, 3)): one body, two entries. to_int_list reads both forms.
void add_sizes_function(std::vector<TensorFunction>& out, const std::string& name,
                        const std::string& sizes, const BuiltinBody& body) {
  out.push_back({name, {required("input"), required(sizes)}, body, Reach::torch_only});
  out.push_back({name, {required("self"), star(sizes)}, body, Reach::method_only});
}

std::vector<int64_t> sizes_arg(const BoundArgs& a, const std::string& name) {
  return to_int_list(a[1], argument(name));
}

int64_t int_arg(const BoundArgs& a, size_t i, const std::string& name) {
  return to_int(a[i], argument(name));
}

} // namespace

std::vector<TensorFunction> shape_functions() {
  std::vector<TensorFunction> out = {
      {"flatten",
       {required("input"), optional("start_dim", 0), optional("end_dim", -1)},
       [](const BoundArgs& a) {
         return Value(at::flatten(tensor_input(a[0], "input"), int_arg(a, 1, "start_dim"),
                                  int_arg(a, 2, "end_dim")));
       }},
      {"squeeze",
       {required("input"), optional("dim", None{})},
       [](const BoundArgs& a) {
         at::Tensor input = tensor_input(a[0], "input");
         if (a[1].is_none())
           return Value(at::squeeze(input));
         return Value(at::squeeze(input, int_arg(a, 1, "dim")));
       }},
      {"unsqueeze",
       {required("input"), required("dim")},
       [](const BoundArgs& a) {
         return Value(at::unsqueeze(tensor_input(a[0], "input"), int_arg(a, 1, "dim")));
       }},
      {"transpose",
       {required("input"), required("dim0"), required("dim1")},
       [](const BoundArgs& a) {
         return Value(at::transpose(tensor_input(a[0], "input"), int_arg(a, 1, "dim0"),
                                    int_arg(a, 2, "dim1")));
       }},
      {"swapaxes",
       {required("input"), required("axis0"), required("axis1")},
       [](const BoundArgs& a) {
         return Value(at::transpose(tensor_input(a[0], "input"), int_arg(a, 1, "axis0"),
                                    int_arg(a, 2, "axis1")));
       }},
      {"movedim",
       {required("input"), required("source"), required("destination")},
       [](const BoundArgs& a) {
         return Value(at::movedim(tensor_input(a[0], "input"),
                                  to_int_list(a[1], argument("source")),
                                  to_int_list(a[2], argument("destination"))));
       }},
      {"cat",
       {required("tensors"), optional("dim", 0)},
       [](const BoundArgs& a) {
         return Value(at::cat(tensor_list(a[0], "tensors"), int_arg(a, 1, "dim")));
       },
       Reach::torch_only},
      {"concat",
       {required("tensors"), optional("dim", 0)},
       [](const BoundArgs& a) {
         return Value(at::cat(tensor_list(a[0], "tensors"), int_arg(a, 1, "dim")));
       },
       Reach::torch_only},
      {"stack",
       {required("tensors"), optional("dim", 0)},
       [](const BoundArgs& a) {
         return Value(at::stack(tensor_list(a[0], "tensors"), int_arg(a, 1, "dim")));
       },
       Reach::torch_only},
      {"broadcast_tensors",
       {star("tensors")},
       [](const BoundArgs& a) {
         return tensor_tuple(at::broadcast_tensors(tensor_list(a[0], "tensors")));
       },
       Reach::torch_only},
      {"split",
       {required("tensor"), required("split_size_or_sections"), optional("dim", 0)},
       [](const BoundArgs& a) {
         at::Tensor input = tensor_input(a[0], "tensor");
         int64_t dim = int_arg(a, 2, "dim");
         if (a[1].is<int64_t>())
           return tensor_tuple(at::split(input, a[1].get<int64_t>(), dim));
         return tensor_tuple(at::split_with_sizes(
             input, to_int_list(a[1], argument("split_size_or_sections")), dim));
       }},
      {"chunk",
       {required("input"), required("chunks"), optional("dim", 0)},
       [](const BoundArgs& a) {
         return tensor_tuple(
             at::chunk(tensor_input(a[0], "input"), int_arg(a, 1, "chunks"), int_arg(a, 2, "dim")));
       }},
      {"unbind",
       {required("input"), optional("dim", 0)},
       [](const BoundArgs& a) {
         return tensor_tuple(at::unbind(tensor_input(a[0], "input"), int_arg(a, 1, "dim")));
       }},
      {"gather",
       {required("input"), required("dim"), required("index")},
       [](const BoundArgs& a) {
         return Value(at::gather(tensor_input(a[0], "input"), int_arg(a, 1, "dim"),
                                 tensor_input(a[2], "index")));
       }},
      {"index_select",
       {required("input"), required("dim"), required("index")},
       [](const BoundArgs& a) {
         return Value(at::index_select(tensor_input(a[0], "input"), int_arg(a, 1, "dim"),
                                       tensor_input(a[2], "index")));
       }},
      {"masked_select",
       {required("input"), required("mask")},
       [](const BoundArgs& a) {
         return Value(at::masked_select(tensor_input(a[0], "input"), tensor_input(a[1], "mask")));
       }},
      {"broadcast_to",
       {required("input"), required("size")},
       [](const BoundArgs& a) {
         return Value(at::broadcast_to(tensor_input(a[0], "input"), sizes_arg(a, "size")));
       }},
      {"expand_as",
       {required("self"), required("other")},
       [](const BoundArgs& a) {
         return Value(a[0].get<at::Tensor>().expand_as(tensor_input(a[1], "other")));
       },
       Reach::method_only},
      {"view_as",
       {required("self"), required("other")},
       [](const BoundArgs& a) {
         return Value(a[0].get<at::Tensor>().view_as(tensor_input(a[1], "other")));
       },
       Reach::method_only},
      {"reshape_as",
       {required("self"), required("other")},
       [](const BoundArgs& a) {
         return Value(a[0].get<at::Tensor>().reshape_as(tensor_input(a[1], "other")));
       },
       Reach::method_only},
      {"tril",
       {required("input"), optional("diagonal", 0)},
       [](const BoundArgs& a) {
         return Value(at::tril(tensor_input(a[0], "input"), int_arg(a, 1, "diagonal")));
       }},
      {"triu",
       {required("input"), optional("diagonal", 0)},
       [](const BoundArgs& a) {
         return Value(at::triu(tensor_input(a[0], "input"), int_arg(a, 1, "diagonal")));
       }},
      {"diag",
       {required("input"), optional("diagonal", 0)},
       [](const BoundArgs& a) {
         return Value(at::diag(tensor_input(a[0], "input"), int_arg(a, 1, "diagonal")));
       }},
      {"diag_embed",
       {required("input"), optional("offset", 0), optional("dim1", -2), optional("dim2", -1)},
       [](const BoundArgs& a) {
         return Value(at::diag_embed(tensor_input(a[0], "input"), int_arg(a, 1, "offset"),
                                     int_arg(a, 2, "dim1"), int_arg(a, 3, "dim2")));
       }},
      {"diagonal",
       {required("input"), optional("offset", 0), optional("dim1", 0), optional("dim2", 1)},
       [](const BoundArgs& a) {
         return Value(at::diagonal(tensor_input(a[0], "input"), int_arg(a, 1, "offset"),
                                   int_arg(a, 2, "dim1"), int_arg(a, 3, "dim2")));
       }},
      {"roll",
       {required("input"), required("shifts"), optional("dims", None{})},
       [](const BoundArgs& a) {
         std::vector<int64_t> dims;
         if (!a[2].is_none())
           dims = to_int_list(a[2], argument("dims"));
         return Value(
             at::roll(tensor_input(a[0], "input"), to_int_list(a[1], argument("shifts")), dims));
       }},
      {"repeat_interleave",
       {required("input"), required("repeats"), optional("dim", None{})},
       [](const BoundArgs& a) {
         at::Tensor input = tensor_input(a[0], "input");
         c10::optional<int64_t> dim = optional_int(a[2], "dim");
         if (auto repeats = a[1].get_if<at::Tensor>())
           return Value(at::repeat_interleave(input, *repeats, dim));
         return Value(at::repeat_interleave(input, int_arg(a, 1, "repeats"), dim));
       }},
  };
  add_sizes_function(out, "reshape", "shape", [](const BoundArgs& a) {
    return Value(at::reshape(tensor_input(a[0], "input"), sizes_arg(a, "shape")));
  });
  add_sizes_function(out, "permute", "dims", [](const BoundArgs& a) {
    return Value(at::permute(tensor_input(a[0], "input"), sizes_arg(a, "dims")));
  });
  add_sizes_function(out, "flip", "dims", [](const BoundArgs& a) {
    return Value(at::flip(tensor_input(a[0], "input"), sizes_arg(a, "dims")));
  });
  add_sizes_function(out, "tile", "dims", [](const BoundArgs& a) {
    return Value(at::tile(tensor_input(a[0], "input"), sizes_arg(a, "dims")));
  });
  // Methods only: torch has no function form of these.
  out.push_back(
      {"view",
       {required("self"), star("shape")},
       [](const BoundArgs& a) { return Value(a[0].get<at::Tensor>().view(sizes_arg(a, "shape"))); },
       Reach::method_only});
  out.push_back({"expand",
                 {required("self"), star("sizes")},
                 [](const BoundArgs& a) {
                   return Value(a[0].get<at::Tensor>().expand(sizes_arg(a, "sizes")));
                 },
                 Reach::method_only});
  out.push_back({"repeat",
                 {required("self"), star("sizes")},
                 [](const BoundArgs& a) {
                   return Value(a[0].get<at::Tensor>().repeat(sizes_arg(a, "sizes")));
                 },
                 Reach::method_only});
  return out;
}

} // namespace kiln::lang
