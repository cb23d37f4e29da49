#include "core/lang/builtins/tensor_methods.h"

#include <algorithm>
#include <unordered_map>

#include <ATen/ATen.h>

#include "core/lang/builtins/arguments.h"
#include "core/lang/builtins/builtin_errors.h"
#include "core/lang/builtins/dtype.h"
#include "core/lang/builtins/tensor_function.h"
#include "core/lang/conversions.h"
#include "core/lang/function.h"
#include "core/util/error.h"

namespace kiln::lang {

namespace {

using Reach = TensorFunction::Reach;

// A method: its signature without `self`, and the body that takes self as argument 0.
struct Method {
  Signature signature;
  BuiltinBody body;
  std::string qualified_name;
};

// x.sum: the method bound to its tensor.
// In place (x.add_(y)), the out-of-place result is written back into x, which every name for
// x then sees, as in torch.
class BoundMethod : public Object {
public:
  BoundMethod(const Method& method, at::Tensor self, bool in_place = false)
      : method_(method), self_(std::move(self)), in_place_(in_place) {}
  std::string type_name() const override { return "builtin_function_or_method"; }
  std::string repr() const override {
    return "<built-in method " + method_.qualified_name.substr(7) + (in_place_ ? "_" : "") +
           " of Tensor object>";
  }
  Value call(CallArgs& args) override {
    BoundArgs bound = method_.signature.bind(args);
    bound.values.insert(bound.values.begin(), Value(self_));
    bound.given.insert(bound.given.begin(), true);
    Value result = call_named(method_.qualified_name, method_.body, bound);
    if (!in_place_)
      return result;
    const std::string name = method_.qualified_name + "_()";
    auto t = result.get_if<at::Tensor>();
    if (!t)
      throw Error(name + " has no in-place form");
    if (t->sizes() != self_.sizes())
      throw ShapeError(name + ": output with shape " + format_sizes(t->sizes()) +
                       " doesn't match the shape " + format_sizes(self_.sizes()) + " of self");
    if (!at::canCast(t->scalar_type(), self_.scalar_type()))
      throw Error(name + ": result type " + std::string(c10::toString(t->scalar_type())) +
                  " can't be cast to the desired output type " +
                  std::string(c10::toString(self_.scalar_type())));
    self_.copy_(*t);
    return Value(self_);
  }

private:
  static std::string format_sizes(at::IntArrayRef sizes) {
    std::string out = "[";
    for (size_t i = 0; i < sizes.size(); ++i)
      out += (i ? ", " : "") + std::to_string(sizes[i]);
    return out + "]";
  }
  const Method& method_;
  at::Tensor self_;
  bool in_place_;
};

Value to_list(const at::Tensor& t) {
  if (t.dim() == 0)
    return item_value(t);
  std::vector<Value> items;
  for (int64_t i = 0; i < t.size(0); ++i)
    items.push_back(to_list(t[i]));
  return make_list(std::move(items));
}

// x.to(torch.float32), x.to(other), x.to("cpu"), x.to(dtype=...).
Value to(const BoundArgs& a) {
  at::Tensor self = a[0].get<at::Tensor>();
  c10::optional<at::ScalarType> dtype = optional_scalar_type(a[2]);
  for (const Value& arg : to_items(a[1], argument("args"))) {
    if (auto other = arg.get_if<at::Tensor>())
      dtype = other->scalar_type();
    else if (auto device = arg.get_if<std::string>()) {
      if (device->rfind("cpu", 0))
        throw Error("Kiln computes on the CPU only, not on '" + *device + "'");
    } else
      dtype = scalar_type_of(arg, argument("dtype"));
  }
  return dtype ? self.to(*dtype) : self;
}

TensorFunction conversion(std::string name, at::ScalarType type) {
  return {std::move(name),
          {required("self")},
          [type](const BoundArgs& a) { return Value(a[0].get<at::Tensor>().to(type)); },
          Reach::method_only};
}

// new_zeros(*size, dtype=None) and its kin: the dtype of self unless given.
TensorFunction new_filled(std::string name, double fill) {
  return {std::move(name),
          {required("self"), star("size"), keyword_only("dtype", None{})},
          [fill](const BoundArgs& a) {
            const at::Tensor& self = a[0].get<at::Tensor>();
            auto dtype = optional_scalar_type(a[2]).value_or(self.scalar_type());
            return Value(
                at::full(to_int_list(a[1], argument("size")), fill, self.options().dtype(dtype)));
          },
          Reach::method_only};
}

std::vector<TensorFunction> own_methods() {
  auto self = [](const BoundArgs& a) -> const at::Tensor& { return a[0].get<at::Tensor>(); };
  return {
      {"size",
       {required("self"), optional("dim", None{})},
       [self](const BoundArgs& a) {
         if (a[1].is_none())
           return shape_value(self(a));
         return Value(self(a).size(to_int(a[1], argument("dim"))));
       },
       Reach::method_only},
      {"dim",
       {required("self")},
       [self](const BoundArgs& a) { return Value(self(a).dim()); },
       Reach::method_only},
      {"ndimension",
       {required("self")},
       [self](const BoundArgs& a) { return Value(self(a).dim()); },
       Reach::method_only},
      {"numel",
       {required("self")},
       [self](const BoundArgs& a) { return Value(self(a).numel()); },
       Reach::method_only},
      {"nelement",
       {required("self")},
       [self](const BoundArgs& a) { return Value(self(a).numel()); },
       Reach::method_only},
      {"item",
       {required("self")},
       [self](const BoundArgs& a) {
         if (self(a).numel() != 1)
           throw ShapeError("a Tensor with " + std::to_string(self(a).numel()) +
                            " elements cannot be converted to Scalar");
         return item_value(self(a));
       },
       Reach::method_only},
      {"tolist",
       {required("self")},
       [self](const BoundArgs& a) { return to_list(self(a)); },
       Reach::method_only},
      {"is_floating_point",
       {required("self")},
       [self](const BoundArgs& a) { return Value(self(a).is_floating_point()); },
       Reach::method_only},
      {"clone",
       {required("self")},
       [self](const BoundArgs& a) { return Value(self(a).clone()); },
       Reach::method_only},
      {"detach",
       {required("self")},
       [self](const BoundArgs& a) { return Value(self(a).detach()); },
       Reach::method_only},
      {"contiguous",
       {required("self")},
       [self](const BoundArgs& a) { return Value(self(a).contiguous()); },
       Reach::method_only},
      {"cpu",
       {required("self")},
       [self](const BoundArgs& a) { return Value(self(a)); },
       Reach::method_only},
      conversion("float", at::kFloat),
      conversion("double", at::kDouble),
      conversion("half", at::kHalf),
      conversion("long", at::kLong),
      conversion("int", at::kInt),
      conversion("bool", at::kBool),
      {"to",
       {required("self"), star("args"), keyword_only("dtype", None{})},
       to,
       Reach::method_only},
      {"type_as",
       {required("self"), required("other")},
       [self](const BoundArgs& a) {
         return Value(self(a).to(tensor_input(a[1], "other").scalar_type()));
       },
       Reach::method_only},
      {"zero_",
       {required("self")},
       [self](const BoundArgs& a) { return Value(at::Tensor(self(a)).zero_()); },
       Reach::method_only},
      {"fill_",
       {required("self"), required("value")},
       [self](const BoundArgs& a) {
         return Value(at::Tensor(self(a)).fill_(scalar(a[1], "fill_(): value")));
       },
       Reach::method_only},
      {"copy_",
       {required("self"), required("src")},
       [self](const BoundArgs& a) {
         return Value(at::Tensor(self(a)).copy_(tensor_input(a[1], "src")));
       },
       Reach::method_only},
      new_filled("new_zeros", 0.0),
      new_filled("new_empty", 0.0),
      {"type",
       {required("self"), optional("dtype", None{})},
       [self](const BoundArgs& a) {
         if (a[1].is_none())
           return Value("torch." + std::string(c10::toString(self(a).scalar_type())) + "Tensor");
         return Value(self(a).to(scalar_type_of(a[1], argument("dtype"))));
       },
       Reach::method_only},
      new_filled("new_ones", 1.0),
      {"new_full",
       {required("self"), required("size"), required("fill_value"), keyword_only("dtype", None{})},
       [self](const BoundArgs& a) {
         auto dtype = optional_scalar_type(a[3]).value_or(self(a).scalar_type());
         return Value(at::full(to_int_list(a[1], argument("size")), scalar(a[2], "fill_value"),
                               self(a).options().dtype(dtype)));
       },
       Reach::method_only},
      {"new_tensor",
       {required("self"), required("data"), keyword_only("dtype", None{})},
       [self](const BoundArgs& a) {
         at::Tensor t = a[1].is<at::Tensor>() ? a[1].get<at::Tensor>().detach().clone()
                                              : to_tensor(a[1], argument("data"));
         auto dtype = optional_scalar_type(a[2]).value_or(self(a).scalar_type());
         return Value(t.to(dtype));
       },
       Reach::method_only},
  };
}

const std::unordered_map<std::string, Method>& methods() {
  static const std::unordered_map<std::string, Method> table = [] {
    std::unordered_map<std::string, Method> out;
    auto add = [&out](const TensorFunction& f) {
      if (f.reach == Reach::torch_only)
        return;
      std::string name = "Tensor." + f.name;
      std::vector<Param> params(f.params.begin() + 1, f.params.end());
      out.emplace(f.name, Method{Signature(name, std::move(params)), f.body, name});
    };
    for (const TensorFunction& f : tensor_functions())
      add(f);
    for (const TensorFunction& f : own_methods())
      add(f);
    return out;
  }();
  return table;
}

const std::vector<std::string> kProperties = {"shape", "T", "mT", "ndim", "dtype", "data"};

bool property(const at::Tensor& t, const std::string& name, Value& out) {
  if (name == "shape")
    out = shape_value(t);
  else if (name == "T") {
    std::vector<int64_t> reversed(t.dim());
    for (int64_t i = 0; i < t.dim(); ++i)
      reversed[i] = t.dim() - 1 - i;
    out = t.permute(reversed);
  } else if (name == "mT") {
    if (t.dim() < 2)
      throw ShapeError("tensor.mT is only supported on matrices or batches of matrices, got " +
                       std::to_string(t.dim()) + "-D tensor");
    out = t.transpose(-2, -1);
  } else if (name == "ndim")
    out = static_cast<int64_t>(t.dim());
  else if (name == "dtype")
    out = dtype_value(t.scalar_type());
  else if (name == "data")
    out = t.detach();
  else
    return false;
  return true;
}

} // namespace

bool tensor_attribute(const at::Tensor& t, const std::string& name, Value& out) {
  if (property(t, name, out))
    return true;
  auto it = methods().find(name);
  if (it != methods().end()) {
    out = Value(ObjectPtr(std::make_shared<BoundMethod>(it->second, t)));
    return true;
  }
  if (name.size() > 1 && name.back() == '_') {
    it = methods().find(name.substr(0, name.size() - 1));
    if (it != methods().end()) {
      out = Value(ObjectPtr(std::make_shared<BoundMethod>(it->second, t, true)));
      return true;
    }
  }
  return false;
}

std::vector<std::string> tensor_attribute_names() {
  std::vector<std::string> names = kProperties;
  for (const auto& [name, method] : methods())
    names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

} // namespace kiln::lang
