#include "core/infer/compiled/lowering.h"

#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <ATen/ATen.h>
#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>

#include "core/util/error.h"

namespace kiln::infer::compiled {

namespace {

using torch::jit::IValue;
using torch::jit::Node;
using torch::jit::Value;

const std::unordered_map<std::string, Op>& unary_ops() {
  static const std::unordered_map<std::string, Op> ops = {
      {"aten::neg", Op::Neg},         {"aten::exp", Op::Exp},
      {"aten::log", Op::Log},         {"aten::log1p", Op::Log1p},
      {"aten::expm1", Op::Expm1},     {"aten::sqrt", Op::Sqrt},
      {"aten::rsqrt", Op::Rsqrt},     {"aten::square", Op::Square},
      {"aten::abs", Op::Abs},         {"aten::relu", Op::Relu},
      {"aten::erf", Op::Erf},         {"aten::erfc", Op::Erfc},
      {"aten::sigmoid", Op::Sigmoid}, {"aten::log_sigmoid", Op::LogSigmoid},
      {"aten::tanh", Op::Tanh},       {"aten::lgamma", Op::Lgamma},
      {"aten::digamma", Op::Digamma}, {"aten::reciprocal", Op::Reciprocal},
      {"aten::sin", Op::Sin},         {"aten::cos", Op::Cos},
      {"aten::logical_not", Op::Not}, {"aten::bitwise_not", Op::Not},
  };
  return ops;
}

const std::unordered_map<std::string, Op>& binary_ops() {
  static const std::unordered_map<std::string, Op> ops = {
      {"aten::mul", Op::Mul},         {"aten::div", Op::Div},
      {"aten::true_divide", Op::Div}, {"aten::pow", Op::Pow},
      {"aten::maximum", Op::Maximum}, {"aten::minimum", Op::Minimum},
      {"aten::max", Op::Maximum},     {"aten::min", Op::Minimum},
      {"aten::gt", Op::Gt},           {"aten::lt", Op::Lt},
      {"aten::ge", Op::Ge},           {"aten::le", Op::Le},
      {"aten::eq", Op::Eq},           {"aten::ne", Op::Ne},
      {"aten::greater", Op::Gt},      {"aten::less", Op::Lt},
      {"aten::xlogy", Op::Xlogy},     {"aten::bitwise_and", Op::And},
      {"aten::logical_and", Op::And}, {"aten::__and__", Op::And},
      {"aten::bitwise_or", Op::Or},   {"aten::logical_or", Op::Or},
      {"aten::__or__", Op::Or},
  };
  return ops;
}

// Ops that only move elements: their index maps come from running them on position tensors.
const std::unordered_set<std::string>& move_ops() {
  static const std::unordered_set<std::string> ops = {
      "aten::view",       "aten::reshape",    "aten::narrow",       "aten::select",
      "aten::slice",      "aten::expand",     "aten::expand_as",    "aten::unsqueeze",
      "aten::squeeze",    "aten::permute",    "aten::transpose",    "aten::t",
      "aten::flatten",    "aten::contiguous", "aten::clone",        "aten::index_select",
      "aten::cat",        "aten::stack",      "aten::repeat",       "aten::flip",
      "aten::to",         "aten::type_as",    "aten::alias",        "aten::movedim",
      "aten::diagonal",   "aten::unflatten",  "aten::broadcast_to", "aten::view_as",
      "aten::reshape_as", "aten::gather",     "aten::take",         "aten::roll",
      "aten::tril",       "aten::triu",       "aten::index",        "aten::concat",
      "aten::hstack",     "aten::vstack",     "aten::squeeze_",     "aten::unsqueeze_",
      "aten::index_copy",
  };
  return ops;
}

// Ops whose result depends only on the shape and dtype of their tensor arguments.
bool is_shape_only(const std::string& name) {
  return name == "aten::zeros_like" || name == "aten::ones_like" || name == "aten::empty_like" ||
         name == "aten::full_like" || name == "aten::size" || name == "aten::dim" ||
         name == "aten::numel" || name == "prim::dtype" || name == "prim::device" ||
         name == "aten::len";
}

// Ops whose result has no defined contents until something writes it.
bool is_uninitialized(const std::string& name) {
  return name == "aten::empty" || name == "aten::empty_strided" || name == "aten::new_empty" ||
         name == "aten::empty_like";
}

// Ops that define every element of their first argument.
bool overwrites(const std::string& name) {
  return name == "aten::fill_" || name == "aten::zero_" || name == "aten::copy_";
}

// Whether `v` is a tensor of an integer dtype (or bool, with `with_bool`) in the recording.
bool is_integral(const Value* v, bool with_bool) {
  auto type = v->type()->cast<c10::TensorType>();
  return type && type->scalarType() && at::isIntegralType(*type->scalarType(), with_bool);
}

int64_t numel_of(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t s : shape)
    n *= s;
  return n;
}

std::vector<int64_t> to_vector(const at::Tensor& t) {
  const at::Tensor c = t.to(at::kLong).contiguous();
  return std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
}

class Lowering {
public:
  Lowering(const torch::jit::Graph& graph, bool noise) : graph_(graph), noise_(noise) {}

  Program run() {
    if (graph_.inputs().size() != 1 || graph_.outputs().size() != 1)
      throw NotSupportedError("compiled tier: the recorded graph must have one input and "
                              "one output");
    const Value* input = graph_.inputs()[0];
    prog_.input = new_slot(tensor_shape(input, "the input"), true);
    slot_of_[input] = prog_.input;
    for (const Node* node : graph_.nodes())
      lower_node(node);
    const Value* output = graph_.outputs()[0];
    prog_.output = slot(output);
    if (prog_.buffers[prog_.output].numel != 1)
      throw NotSupportedError("compiled tier: the potential is not a scalar");
    return std::move(prog_);
  }

private:
  [[noreturn]] void refuse(const Node* node, const std::string& why) const {
    throw NotSupportedError("compiled tier: " + std::string(node->kind().toQualString()) + " " +
                            why);
  }

  std::vector<int64_t> tensor_shape(const Value* v, const std::string& what) const {
    auto type = v->type()->cast<c10::TensorType>();
    auto sizes = type ? type->sizes().concrete_sizes() : c10::nullopt;
    if (!sizes)
      throw NotSupportedError("compiled tier: " + what + " has no recorded shape");
    return *sizes;
  }

  // Zeros of the recorded shape and dtype of `v`.
  at::Tensor zeros_of(const Value* v, const std::string& what) const {
    auto type = v->type()->cast<c10::TensorType>();
    if (!type)
      throw NotSupportedError("compiled tier: " + what +
                              " of a list of computed tensors "
                              "is outside the compiled op set");
    return at::zeros(tensor_shape(v, what), type->scalarType().value_or(at::kDouble));
  }

  int32_t new_slot(std::vector<int64_t> shape, bool needs_grad) {
    Slot s;
    s.numel = numel_of(shape);
    s.shape = std::move(shape);
    s.offset = static_cast<int64_t>(prog_.constants.size());
    prog_.constants.resize(prog_.constants.size() + s.numel, 0.0);
    if (needs_grad) {
      s.grad_offset = prog_.grad_size;
      prog_.grad_size += s.numel;
    }
    prog_.buffers.push_back(std::move(s));
    return static_cast<int32_t>(prog_.buffers.size() - 1);
  }

  int32_t constant_slot(const at::Tensor& t) {
    const at::Tensor c = t.to(at::kDouble).contiguous();
    const int32_t id = new_slot(c.sizes().vec(), false);
    std::copy_n(c.data_ptr<double>(), c.numel(),
                prog_.constants.begin() + prog_.buffers[id].offset);
    return id;
  }

  bool depends(const Value* v) const { return slot_of_.count(v) || lists_.count(v); }

  // The slot holding `v`: its computed buffer, or a constant buffer made on first use.
  int32_t slot(const Value* v) {
    auto it = slot_of_.find(v);
    if (it != slot_of_.end())
      return it->second;
    auto k = known_.find(v);
    if (k == known_.end())
      throw NotSupportedError("compiled tier: a value of the recorded graph is neither "
                              "computed nor constant");
    const IValue& iv = k->second;
    at::Tensor t;
    if (iv.isTensor())
      t = iv.toTensor();
    else if (iv.isDouble() || iv.isInt() || iv.isBool())
      t = at::scalar_tensor(iv.toScalar().toDouble(), at::kDouble);
    else
      throw NotSupportedError("compiled tier: a constant of type " + iv.tagKind() +
                              " where a tensor was expected");
    const int32_t id = constant_slot(t);
    slot_of_[v] = id;
    return id;
  }

  double scalar(const Node* node, size_t i) const {
    auto k = known_.find(node->inputs()[i]);
    if (k == known_.end() || !(k->second.isDouble() || k->second.isInt() || k->second.isBool()))
      refuse(node, "with a tensor where a constant number was expected");
    return k->second.toScalar().toDouble();
  }

  bool is_none(const Node* node, size_t i) const {
    auto k = known_.find(node->inputs()[i]);
    return k != known_.end() && k->second.isNone();
  }

  // Evaluates a node whose inputs are all known.
  void fold(const Node* node, const std::vector<IValue>* replaced = nullptr) {
    if (node->kind() == c10::prim::Constant) {
      auto iv = torch::jit::toIValue(node->output());
      if (!iv)
        refuse(node, "has a constant of no known value");
      known_[node->output()] = *iv;
      return;
    }
    if (node->kind() == c10::prim::ListConstruct) {
      known_[node->output()] = make_list(node);
      return;
    }
    if (node->isNondeterministic())
      refuse(node, "draws random numbers inside the potential");
    torch::jit::Stack stack;
    for (size_t i = 0; i < node->inputs().size(); ++i)
      stack.push_back(replaced ? (*replaced)[i] : known_.at(node->inputs()[i]));
    run_op(node, stack);
    if (stack.size() != node->outputs().size())
      refuse(node, "gave an unexpected number of results");
    for (size_t i = 0; i < stack.size(); ++i)
      known_[node->outputs()[i]] = stack[i];
  }

  // Runs a node's ATen op on `stack`; LibTorch's error (which prints the whole graph) becomes
  // one line naming the op.
  void run_op(const Node* node, torch::jit::Stack& stack) const {
    try {
      node->getOperation()(stack);
    } catch (const c10::Error& e) {
      const std::string what = e.what_without_backtrace();
      refuse(node, "cannot be evaluated while lowering: " + what.substr(0, what.find('\n')));
    }
  }

  // A list of known values, of the element type the graph recorded.
  IValue make_list(const Node* node) const {
    auto type = node->output()->type()->cast<c10::ListType>();
    if (!type)
      refuse(node, "of an unknown type");
    const c10::TypePtr elem = type->getElementType();
    auto item = [&](size_t i) { return known_.at(node->inputs()[i]); };
    const size_t n = node->inputs().size();
    if (elem->kind() == c10::TypeKind::IntType) {
      c10::List<int64_t> list;
      for (size_t i = 0; i < n; ++i)
        list.push_back(item(i).toInt());
      return list;
    }
    if (elem->kind() == c10::TypeKind::FloatType) {
      c10::List<double> list;
      for (size_t i = 0; i < n; ++i)
        list.push_back(item(i).toScalar().toDouble());
      return list;
    }
    if (elem->kind() == c10::TypeKind::BoolType) {
      c10::List<bool> list;
      for (size_t i = 0; i < n; ++i)
        list.push_back(item(i).toBool());
      return list;
    }
    if (elem->kind() == c10::TypeKind::TensorType) {
      c10::List<at::Tensor> list;
      for (size_t i = 0; i < n; ++i)
        list.push_back(item(i).toTensor());
      return list;
    }
    if (elem->kind() == c10::TypeKind::OptionalType) {
      c10::List<c10::optional<at::Tensor>> list;
      for (size_t i = 0; i < n; ++i)
        list.push_back(item(i).isNone() ? c10::optional<at::Tensor>()
                                        : c10::optional<at::Tensor>(item(i).toTensor()));
      return list;
    }
    refuse(node, "of " + elem->str() + " is outside the compiled op set");
  }

  // A tensor made by an op without contents (at::empty) must be written by an op the recording
  // holds before anything reads it; a write outside LibTorch's ops would leave it unknown here.
  void check_contents(const Node* node, const std::string& name) {
    for (size_t i = 0; i < node->inputs().size(); ++i) {
      if (!uninitialized_.count(node->inputs()[i]) || (i == 0 && overwrites(name)) ||
          is_shape_only(name))
        continue;
      if (move_ops().count(name)) { // a view of it is as unknown
        uninitialized_.insert(node->output());
        continue;
      }
      refuse(node, "reads a tensor whose contents were written outside LibTorch's ops, which "
                   "the recording does not hold");
    }
    if (is_uninitialized(name)) {
      auto type = node->output()->type()->cast<c10::TensorType>();
      auto n = type ? type->numel() : c10::nullopt;
      if (!n || *n > 0) // an empty tensor has no contents to miss
        uninitialized_.insert(node->output());
    }
  }

  void lower_node(const Node* node) {
    bool any_depends = false;
    for (const Value* v : node->inputs())
      any_depends = any_depends || depends(v);
    const std::string name = node->kind().toQualString();
    if (noise_ && (name == "aten::normal_" || name == "aten::randn"))
      return lower_noise(node, name);
    if (noise_ && name == "aten::randperm")
      return lower_subsample(node);
    check_contents(node, name);
    if (!any_depends)
      return fold(node);
    if (is_shape_only(name)) {
      // Only the argument's shape matters: evaluate on zeros of that shape.
      std::vector<IValue> args;
      for (const Value* v : node->inputs())
        args.push_back(depends(v) ? IValue(zeros_of(v, name)) : known_.at(v));
      return fold(node, &args);
    }
    if (node->kind() == c10::prim::ListConstruct) {
      lists_[node->output()] =
          std::vector<const Value*>(node->inputs().begin(), node->inputs().end());
      return;
    }
    for (const Value* out : node->outputs()) {
      auto type = out->type()->cast<c10::TensorType>();
      if (!type)
        refuse(node, "reads a value of the parameters back into the model (value-dependent "
                     "control flow, e.g. `if` on a tensor or .item()), which a recorded "
                     "program cannot follow");
      auto dtype = type->scalarType();
      const bool indices = dtype && at::isIntegralType(*dtype, false) && integral_inputs(node);
      if (!dtype || (*dtype != at::kDouble && *dtype != at::kBool && !indices))
        refuse(node, "computes in " +
                         std::string(dtype ? c10::toString(*dtype) : "an unknown dtype") +
                         " on the parameters; the compiled tier computes in float64");
    }
    if (node->outputs().size() != 1)
      refuse(node, "has several results; it is outside the compiled op set");
    std::string base = name;
    if (base.size() > 1 && base.back() == '_' && base[base.size() - 2] != '_')
      base.pop_back(); // in-place ops on fresh buffers: the recorder follows the new value
    if (const Value* idx = computed_index(node, base))
      return lower_index_rows(node, base, idx);
    if (move_ops().count(base) || move_ops().count(name))
      return lower_move(node);
    lower_compute(node, base);
  }

  // A standard normal draw (normal_(mean, std) on a fresh buffer, or randn) that the program
  // redraws on every run; it carries no adjoint.
  void lower_noise(const Node* node, const std::string& name) {
    auto type = node->output()->type()->cast<c10::TensorType>();
    if (!type || type->scalarType() != at::kDouble)
      refuse(node, "draws noise in a dtype other than float64");
    Instr in;
    in.op = Op::Noise;
    in.name = name;
    in.p0 = 0.0;
    in.p1 = 1.0;
    if (name == "aten::normal_") {
      if (!uninitialized_.count(node->inputs()[0]))
        refuse(node, "draws into a tensor that holds values; only fresh buffers are recorded");
      in.p0 = scalar(node, 1);
      in.p1 = scalar(node, 2);
    }
    in.out = new_slot(tensor_shape(node->output(), "the noise"), false);
    push(node, std::move(in));
  }

  // randperm(n) of a plate's subsample, read only by narrows from 0 (the minibatch): a Subsample
  // instruction that draws as many indices as the longest of them.
  void lower_subsample(const Node* node) {
    const auto size = static_cast<int64_t>(scalar(node, 0));
    int64_t count = 0;
    for (const torch::jit::Use& use : node->output()->uses()) {
      const Node* user = use.user;
      auto arg = [&](size_t i) { return torch::jit::toIValue(user->inputs().at(i)); };
      int64_t len = size;
      if (user->kind().toQualString() == std::string("aten::narrow")) {
        auto dim = arg(1), start = arg(2), length = arg(3);
        if (dim && start && length && dim->isInt() && dim->toInt() == 0 && start->isInt() &&
            start->toInt() == 0 && length->isInt())
          len = length->toInt();
      }
      count = std::max(count, std::min(len, size));
    }
    Instr in;
    in.op = Op::Subsample;
    in.name = "aten::randperm";
    in.n0 = size;
    in.n1 = count;
    in.out = new_slot({size}, false);
    push(node, std::move(in));
  }

  // Integers computed from draws (a minibatch's indices, labels picked by them) may flow through
  // the program as exact doubles; an integer made from a floating value (a cast of a parameter)
  // may not.
  bool integral_inputs(const Node* node) const {
    auto integral = [](const Value* v) { return is_integral(v, true); };
    for (const Value* v : node->inputs()) {
      if (auto l = lists_.find(v); l != lists_.end()) {
        for (const Value* item : l->second)
          if (slot_of_.count(item) && !integral(item))
            return false;
      } else if (slot_of_.count(v) && !integral(v)) {
        return false;
      }
    }
    return true;
  }

  // The index argument of an indexing op when it is computed (not a constant of the recording):
  // the op then reads rows chosen at run time.
  const Value* computed_index(const Node* node, const std::string& name) const {
    const auto& ins = node->inputs();
    if ((name == "aten::index_select" || name == "aten::gather" || name == "aten::index_copy") &&
        depends(ins[2]))
      return ins[2];
    if (name == "aten::take" && depends(ins[1]))
      return ins[1];
    if (name == "aten::index" && lists_.count(ins[1]))
      return ins[1];
    return nullptr;
  }

  // index_select, take and a single tensor index (x[idx], x[:, idx]) with computed indices: an
  // IndexRows instruction over the (outer, rows, inner) layout of the source.
  void lower_index_rows(const Node* node, const std::string& name, const Value* index) {
    const Value* self = node->inputs()[0];
    const int32_t src = slot(self);
    const std::vector<int64_t> shape = prog_.buffers[src].shape;
    const int64_t rank = static_cast<int64_t>(shape.size());
    int64_t dim = 0;
    if (name == "aten::index_select") {
      dim = dims_arg(node, 1, rank).at(0);
    } else if (name == "aten::index") {
      const std::vector<const Value*>& items = lists_.at(index);
      int64_t found = -1;
      for (size_t d = 0; d < items.size(); ++d) {
        auto k = known_.find(items[d]);
        if (k != known_.end() && k->second.isNone())
          continue;
        if (found >= 0)
          refuse(node, "with several computed index tensors is outside the compiled op set");
        found = static_cast<int64_t>(d);
      }
      dim = found;
      index = items.at(found);
    } else if (name != "aten::take") {
      refuse(node, "with computed indices is outside the compiled op set");
    }
    if (!is_integral(index, false))
      refuse(node, "with a computed index that is not integer (a mask) is outside the compiled "
                   "op set");
    const int32_t idx = slot(index);
    Instr in;
    in.op = Op::IndexRows;
    in.name = name;
    in.n0 = 1;
    in.n2 = 1;
    if (name == "aten::take") {
      in.p0 = static_cast<double>(prog_.buffers[src].numel);
    } else {
      in.p0 = static_cast<double>(shape.at(dim));
      for (int64_t d = 0; d < rank; ++d)
        if (d != dim)
          (d < dim ? in.n0 : in.n2) *= shape[d];
    }
    in.n1 = prog_.buffers[idx].numel;
    in.in = {Input{src, Read::Same, {}}, Input{idx, Read::Same, {}}};
    in.out = new_slot(tensor_shape(node->output(), "the result"), any_grad({src}));
    if (prog_.buffers[in.out].numel != in.n0 * in.n1 * in.n2)
      refuse(node, "with computed indices of more than one dimension inside the source's shape "
                   "is outside the compiled op set");
    push(node, std::move(in));
  }

  // The positions of a slot's elements, as a tensor of its shape (value or adjoint arena).
  at::Tensor positions(int32_t id, bool grad) const {
    const Slot& s = prog_.buffers[id];
    if (grad && s.grad_offset < 0)
      return at::full(s.shape, -1.0, at::kDouble);
    const int64_t start = grad ? s.grad_offset : s.offset;
    return at::arange(start, start + s.numel, at::kDouble).view(s.shape);
  }

  IValue position_arg(const Value* v, bool grad) {
    auto l = lists_.find(v);
    if (l != lists_.end()) {
      c10::List<at::Tensor> list;
      for (const Value* item : l->second)
        list.push_back(positions(slot(item), grad));
      return list;
    }
    if (auto k = known_.find(v); k != known_.end() && k->second.isTensorList()) {
      // A list of constant tensors (cat of data): their positions, once they have buffers.
      c10::List<at::Tensor> list;
      for (const at::Tensor& t : k->second.toTensorVector())
        list.push_back(positions(constant_slot(t), grad));
      return list;
    }
    if (slot_of_.count(v))
      return positions(slot_of_.at(v), grad);
    auto k = known_.at(v);
    if (k.isTensor() && k.toTensor().is_floating_point())
      return positions(slot(v), grad);
    return k;
  }

  at::Tensor run_on_positions(const Node* node, bool grad) {
    torch::jit::Stack stack;
    for (const Value* v : node->inputs())
      stack.push_back(position_arg(v, grad));
    run_op(node, stack);
    return stack.at(0).toTensor();
  }

  void lower_move(const Node* node) {
    const std::vector<int64_t> shape = tensor_shape(node->output(), "the result");
    const std::vector<int64_t> map = to_vector(run_on_positions(node, false));
    const std::vector<int64_t> grad_map = to_vector(run_on_positions(node, true));
    bool needs_grad = false;
    for (int64_t g : grad_map)
      needs_grad = needs_grad || g >= 0;
    // A view that keeps its input's order shares the input's storage.
    bool contiguous = !map.empty();
    for (size_t i = 1; i < map.size() && contiguous; ++i)
      contiguous = map[i] == map[0] + static_cast<int64_t>(i) &&
                   (grad_map[0] < 0 ? grad_map[i] < 0
                                    : grad_map[i] == grad_map[0] + static_cast<int64_t>(i));
    if (contiguous && (grad_map[0] >= 0 || !needs_grad)) {
      Slot s;
      s.shape = shape;
      s.numel = numel_of(shape);
      s.offset = map[0];
      s.grad_offset = grad_map[0];
      prog_.buffers.push_back(std::move(s));
      slot_of_[node->output()] = static_cast<int32_t>(prog_.buffers.size() - 1);
      return;
    }
    Instr in;
    in.op = Op::Gather;
    in.name = node->kind().toQualString();
    in.out = new_slot(shape, needs_grad);
    in.map = map;
    in.grad_map = grad_map;
    push(node, std::move(in));
  }

  Input read(int32_t id, const std::vector<int64_t>& out_shape) {
    Input r;
    r.slot = id;
    const Slot& s = prog_.buffers[id];
    const int64_t n = numel_of(out_shape);
    if (s.numel == n)
      r.read = Read::Same;
    else if (s.numel == 1)
      r.read = Read::Scalar;
    else {
      r.read = Read::Mapped;
      r.map =
          to_vector(at::arange(s.numel, at::kLong).view(s.shape).expand(out_shape).contiguous());
    }
    return r;
  }

  void push(const Node* node, Instr in) {
    slot_of_[node->output()] = in.out;
    prog_.instrs.push_back(std::move(in));
  }

  bool any_grad(const std::vector<int32_t>& ids) const {
    for (int32_t id : ids)
      if (prog_.buffers[id].grad_offset >= 0)
        return true;
    return false;
  }

  void elementwise(const Node* node, Op op, const std::vector<const Value*>& args, double p0 = 0,
                   double p1 = 0) {
    const std::vector<int64_t> shape = tensor_shape(node->output(), "the result");
    std::vector<int32_t> ids;
    for (const Value* v : args)
      ids.push_back(slot(v));
    Instr in;
    in.op = op;
    in.name = node->kind().toQualString();
    in.p0 = p0;
    in.p1 = p1;
    const bool comparison = op >= Op::Gt && op <= Op::Not;
    const bool grad =
        !comparison &&
        any_grad(op == Op::Where ? std::vector<int32_t>(ids.begin() + 1, ids.end()) : ids);
    in.out = new_slot(shape, grad);
    if (op == Op::Softplus)
      in.aux = prog_.buffers[new_slot(shape, false)].offset;
    for (int32_t id : ids)
      in.in.push_back(read(id, shape));
    push(node, std::move(in));
  }

  std::vector<int64_t> dims_arg(const Node* node, size_t i, int64_t rank) const {
    std::vector<int64_t> dims;
    auto k = known_.find(node->inputs()[i]);
    if (k == known_.end())
      refuse(node, "with dims that are not constant");
    if (k->second.isNone())
      return dims;
    if (k->second.isInt())
      dims.push_back(k->second.toInt());
    else
      dims = k->second.toIntVector();
    for (int64_t& d : dims)
      d = d < 0 ? d + rank : d;
    return dims;
  }

  void reduction(const Node* node, bool mean) {
    const Value* a = node->inputs()[0];
    const int32_t id = slot(a);
    const std::vector<int64_t> in_shape = prog_.buffers[id].shape;
    const int64_t rank = static_cast<int64_t>(in_shape.size());
    std::vector<int64_t> dims;
    if (node->inputs().size() >= 3) // sum.dim_IntList / mean.dim (self, dim, keepdim, dtype)
      dims = dims_arg(node, 1, rank);
    if (dims.empty())
      for (int64_t d = 0; d < rank; ++d)
        dims.push_back(d);
    const std::vector<int64_t> out_shape = tensor_shape(node->output(), "the result");
    Instr in;
    in.op = Op::SumTo;
    in.name = node->kind().toQualString();
    int64_t n_out = 0;
    in.map = reduce_map(in_shape, dims, n_out);
    in.p0 = mean ? static_cast<double>(n_out) / static_cast<double>(prog_.buffers[id].numel) : 1.0;
    in.in.push_back(Input{id, Read::Same, {}});
    in.out = new_slot(out_shape, prog_.buffers[id].grad_offset >= 0);
    push(node, std::move(in));
  }

  // The output index of each input element when `dims` are reduced (kept as size 1).
  std::vector<int64_t> reduce_map(const std::vector<int64_t>& in_shape,
                                  const std::vector<int64_t>& dims, int64_t& n_out) const {
    std::vector<int64_t> keep = in_shape;
    for (int64_t d : dims)
      keep.at(d) = 1;
    n_out = numel_of(keep);
    return to_vector(at::arange(n_out, at::kLong).view(keep).expand(in_shape).contiguous());
  }

  void logsumexp(const Node* node) {
    const int32_t id = slot(node->inputs()[0]);
    const std::vector<int64_t> in_shape = prog_.buffers[id].shape;
    const int64_t rank = static_cast<int64_t>(in_shape.size());
    std::vector<int64_t> dims = dims_arg(node, 1, rank);
    if (dims.empty())
      for (int64_t d = 0; d < rank; ++d)
        dims.push_back(d);
    Instr in;
    in.op = Op::LogSumExp;
    in.name = node->kind().toQualString();
    int64_t n_out = 0;
    in.map = reduce_map(in_shape, dims, n_out);
    in.in.push_back(Input{id, Read::Same, {}});
    in.out =
        new_slot(tensor_shape(node->output(), "the result"), prog_.buffers[id].grad_offset >= 0);
    in.aux = prog_.buffers[new_slot({n_out}, false)].offset;
    push(node, std::move(in));
  }

  void cumprod(const Node* node) {
    const int32_t id = slot(node->inputs()[0]);
    const std::vector<int64_t> shape = prog_.buffers[id].shape;
    const int64_t rank = static_cast<int64_t>(shape.size());
    if (node->inputs().size() > 2 && !is_none(node, 2))
      refuse(node, "with a dtype is outside the compiled op set");
    const std::vector<int64_t> dims = dims_arg(node, 1, rank);
    if (dims.size() != 1 || dims[0] < 0 || dims[0] >= std::max<int64_t>(rank, 1))
      refuse(node, "along that dim is outside the compiled op set");
    Instr in;
    in.op = Op::Cumprod;
    in.name = node->kind().toQualString();
    in.n0 = 1;
    in.n1 = rank == 0 ? 1 : shape[dims[0]];
    in.n2 = 1;
    for (int64_t d = 0; d < rank; ++d)
      (d < dims[0] ? in.n0 : in.n2) *= d == dims[0] ? 1 : shape[d];
    in.in.push_back(Input{id, Read::Same, {}});
    in.out = new_slot(shape, prog_.buffers[id].grad_offset >= 0);
    push(node, std::move(in));
  }

  void matmul(const Node* node) {
    const std::string name = node->kind().toQualString();
    const int32_t a = slot(node->inputs()[0]);
    const int32_t b = slot(node->inputs()[1]);
    const auto& sa = prog_.buffers[a].shape;
    const auto& sb = prog_.buffers[b].shape;
    Instr in;
    in.name = name;
    in.in = {Input{a, Read::Same, {}}, Input{b, Read::Same, {}}};
    if (sa.size() == 2 && sb.size() == 1) {
      in.op = Op::MatVec;
      in.n0 = sa[0];
      in.n1 = sa[1];
    } else if (sa.size() == 1 && sb.size() == 1) {
      in.op = Op::Dot;
      in.n0 = sa[0];
    } else if (sa.size() == 2 && sb.size() == 2) {
      in.op = Op::MatMul;
      in.n0 = sa[0];
      in.n1 = sa[1];
      in.n2 = sb[1];
    } else if (sa.size() == 1 && sb.size() == 2) {
      in.op = Op::MatMul; // a row vector times a matrix
      in.n0 = 1;
      in.n1 = sa[0];
      in.n2 = sb[1];
    } else {
      refuse(node, "on batched operands is outside the compiled op set");
    }
    in.out = new_slot(tensor_shape(node->output(), "the result"), any_grad({a, b}));
    push(node, std::move(in));
  }

  void lower_compute(const Node* node, const std::string& name) {
    const auto& ins = node->inputs();
    auto args = [&](std::initializer_list<size_t> idx) {
      std::vector<const Value*> out;
      for (size_t i : idx)
        out.push_back(ins[i]);
      return out;
    };
    if (name == "aten::add" || name == "aten::sub") {
      const double alpha = ins.size() > 2 ? scalar(node, 2) : 1.0;
      return elementwise(node, name == "aten::add" ? Op::Add : Op::Sub, args({0, 1}), alpha);
    }
    if (name == "aten::rsub")
      return elementwise(node, Op::Sub, args({1, 0}), ins.size() > 2 ? scalar(node, 2) : 1.0);
    if (name == "aten::fill") {
      // fill_ of a fresh buffer with a number that depends on the parameters: a copy of it,
      // broadcast, which a clamp to (-inf, inf) is.
      const double inf = std::numeric_limits<double>::infinity();
      return elementwise(node, Op::Clamp, args({1}), -inf, inf);
    }
    if (name == "aten::div" && ins.size() > 2 && !is_none(node, 2))
      refuse(node, "with a rounding mode is outside the compiled op set");
    if (name == "aten::pow" && !depends(ins[1]) && known_.at(ins[1]).isScalar())
      return elementwise(node, Op::PowScalar, args({0}), scalar(node, 1));
    if ((name == "aten::max" || name == "aten::min") && ins.size() != 2)
      refuse(node, "as a reduction is outside the compiled op set");
    auto b = binary_ops().find(name);
    if (b != binary_ops().end() && ins.size() == 2)
      return elementwise(node, b->second, args({0, 1}));
    auto u = unary_ops().find(name);
    if (u != unary_ops().end() && ins.size() == 1)
      return elementwise(node, u->second, args({0}));
    if (name == "aten::softplus")
      return elementwise(node, Op::Softplus, args({0}), scalar(node, 1), scalar(node, 2));
    if (name == "aten::clamp" || name == "aten::clamp_min" || name == "aten::clamp_max") {
      const double inf = std::numeric_limits<double>::infinity();
      double lo = -inf, hi = inf;
      if (name == "aten::clamp_min")
        lo = scalar(node, 1);
      else if (name == "aten::clamp_max")
        hi = scalar(node, 1);
      else {
        if (!is_none(node, 1))
          lo = scalar(node, 1);
        if (!is_none(node, 2))
          hi = scalar(node, 2);
      }
      return elementwise(node, Op::Clamp, args({0}), lo, hi);
    }
    if (name == "aten::where" && ins.size() == 3)
      return elementwise(node, Op::Where, args({0, 1, 2}));
    if (name == "aten::binary_cross_entropy_with_logits") {
      if (!is_none(node, 2) || !is_none(node, 3) || scalar(node, 4) != 0)
        refuse(node, "with weights or a reduction is outside the compiled op set");
      return elementwise(node, Op::LogitBce, args({0, 1}));
    }
    if (name == "aten::logsumexp")
      return logsumexp(node);
    if (name == "aten::cumprod")
      return cumprod(node);
    if (name == "aten::sum")
      return reduction(node, false);
    if (name == "aten::mean")
      return reduction(node, true);
    if (name == "aten::matmul" || name == "aten::mv" || name == "aten::mm" || name == "aten::dot")
      return matmul(node);
    refuse(node, "is outside the compiled op set");
  }

  const torch::jit::Graph& graph_;
  const bool noise_;
  Program prog_;
  std::unordered_map<const Value*, IValue> known_;
  std::unordered_map<const Value*, int32_t> slot_of_;
  std::unordered_map<const Value*, std::vector<const Value*>> lists_;
  std::unordered_set<const Value*> uninitialized_;
};

} // namespace

Program lower(const torch::jit::Graph& graph, bool noise) {
  return Lowering(graph, noise).run();
}

} // namespace kiln::infer::compiled
