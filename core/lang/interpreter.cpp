#include "core/lang/interpreter.h"

#include "core/lang/format_spec.h"

#include <ATen/ATen.h>

#include "core/lang/builtins/tensor_methods.h"
#include "core/lang/container_methods.h"
#include "core/lang/conversions.h"
#include "core/lang/indexing.h"
#include "core/lang/modules.h"
#include "core/lang/operators.h"
#include "core/lang/parser.h"
#include "core/lang/suggest.h"
#include "core/util/error.h"
#include "core/util/error_context.h"

namespace kiln::lang {

namespace {

enum class Flow { normal, return_, break_, continue_ };

struct CallFrame {
  const Program* program;
  std::string function;
  uint32_t line;
};

// What the running thread is executing: model calls nest (recursion, helpers), and the
// traceback of an error is taken where it is first seen.
struct ExecState {
  std::vector<CallFrame> calls;
  int64_t steps = 0;
  std::vector<CallFrame> traceback;
  bool captured = false;
};

thread_local ExecState state;
thread_local std::vector<TracebackFrame> last_frames;

// Keeps the call stack right however a call ends.
struct CallGuard {
  CallGuard(const Program* program, std::string function, uint32_t line) {
    state.calls.push_back({program, std::move(function), line});
  }
  ~CallGuard() { state.calls.pop_back(); }
};

void capture_traceback() {
  if (!state.captured) {
    state.traceback = state.calls;
    state.captured = true;
  }
}

std::string format_traceback(const std::vector<CallFrame>& frames) {
  std::string out = "\nTraceback (most recent call last):";
  for (const CallFrame& f : frames) {
    const Source& src = f.program->source();
    out += "\n  File \"" + src.name() + "\", line " + std::to_string(f.line) + ", in " + f.function;
    std::string text(src.line_text(f.line));
    size_t first = text.find_first_not_of(" \t");
    if (first != std::string::npos)
      out += "\n    " + text.substr(first);
  }
  return out;
}

} // namespace

class Executor {
public:
  explicit Executor(Program& program) : program_(program) {}

  Flow exec_block(const Block& block, Scope& scope, Value& result) {
    for (const StmtPtr& stmt : block) {
      Flow flow = exec(*stmt, scope, result);
      if (flow != Flow::normal)
        return flow;
    }
    return Flow::normal;
  }

  Value call_function(Function& fn, CallArgs& args) {
    if (static_cast<int>(state.calls.size()) >= program_.limits_.max_call_depth)
      throw Error("maximum recursion depth (" + std::to_string(program_.limits_.max_call_depth) +
                  ") exceeded in '" + fn.signature.function_name() +
                  "': raise the call-depth limit if the model needs it");
    BoundArgs bound = fn.signature.bind(args);
    auto scope = std::make_shared<Scope>();
    scope->parent = fn.closure;
    const auto& params = fn.signature.params();
    for (size_t i = 0; i < params.size(); ++i)
      scope->vars[params[i].name] = std::move(bound.values[i]);
    CallGuard guard(&program_, fn.signature.function_name(), fn.span.line);
    try {
      if (fn.expression)
        return eval(*fn.expression, *scope);
      Value result;
      exec_block(*fn.body, *scope, result);
      return result;
    } catch (...) {
      capture_traceback();
      throw;
    }
  }

  Flow exec(const Stmt& stmt, Scope& scope, Value& result) {
    if (!state.calls.empty())
      state.calls.back().line = stmt.span.line;
    count_step();
    switch (stmt.kind) {
    case StmtKind::expr:
      eval(*stmt.as<ExprStmt>().value, scope);
      return Flow::normal;
    case StmtKind::assign: {
      const auto& s = stmt.as<Assign>();
      Value v = eval(*s.value, scope);
      for (const ExprPtr& target : s.targets)
        assign(*target, v, scope);
      return Flow::normal;
    }
    case StmtKind::aug_assign: {
      const auto& s = stmt.as<AugAssign>();
      Value v = binary_op(s.op, eval(*s.target, scope), eval(*s.value, scope));
      assign(*s.target, v, scope);
      return Flow::normal;
    }
    case StmtKind::ann_assign: {
      const auto& s = stmt.as<AnnAssign>();
      if (s.value)
        assign(*s.target, eval(*s.value, scope), scope);
      return Flow::normal;
    }
    case StmtKind::return_: {
      const auto& s = stmt.as<Return>();
      result = s.value ? eval(*s.value, scope) : Value();
      return Flow::return_;
    }
    case StmtKind::if_: {
      const auto& s = stmt.as<If>();
      if (truthy(eval(*s.test, scope)))
        return exec_block(s.body, scope, result);
      return exec_block(s.orelse, scope, result);
    }
    case StmtKind::while_: {
      const auto& s = stmt.as<While>();
      while (truthy(eval(*s.test, scope))) {
        count_step();
        Flow flow = exec_block(s.body, scope, result);
        if (flow == Flow::break_)
          break;
        if (flow == Flow::return_)
          return flow;
      }
      return Flow::normal;
    }
    case StmtKind::for_:
      return exec_for(stmt.as<For>(), scope, result);
    case StmtKind::break_:
      return Flow::break_;
    case StmtKind::continue_:
      return Flow::continue_;
    case StmtKind::pass:
      return Flow::normal;
    case StmtKind::with:
      return exec_with(stmt.as<With>(), 0, scope, result);
    case StmtKind::assert_: {
      const auto& s = stmt.as<Assert>();
      if (!truthy(eval(*s.test, scope))) {
        std::string message = "assertion failed";
        if (s.message)
          message += ": " + str_of(eval(*s.message, scope));
        throw Error(message);
      }
      return Flow::normal;
    }
    case StmtKind::function_def: {
      const auto& s = stmt.as<FunctionDef>();
      // Decorators are evaluated before the def and applied innermost first, as in Python.
      std::vector<Value> decorators = eval_all(s.decorators, scope);
      auto fn = make_function(s.name, s.params, scope);
      fn->body = &s.body;
      fn->span = s.span;
      Value value{ObjectPtr(fn)};
      for (auto d = decorators.rbegin(); d != decorators.rend(); ++d) {
        CallArgs args;
        args.positional.push_back(std::move(value));
        value = call_value(*d, args, s.span.line);
      }
      scope.vars[s.name] = std::move(value);
      return Flow::normal;
    }
    case StmtKind::import:
      for (const Alias& alias : stmt.as<Import>().names)
        import_module(alias, scope);
      return Flow::normal;
    case StmtKind::import_from:
      import_from(stmt.as<ImportFrom>(), scope);
      return Flow::normal;
    }
    return Flow::normal;
  }

  Value eval(const Expr& expr, Scope& scope) {
    switch (expr.kind) {
    case ExprKind::name:
      return lookup(expr.as<Name>().name, scope);
    case ExprKind::integer:
      return expr.as<Integer>().value;
    case ExprKind::floating:
      return expr.as<Floating>().value;
    case ExprKind::string:
      return expr.as<String>().value;
    case ExprKind::formatted_string: {
      std::string text;
      for (const auto& part : expr.as<FormattedString>().parts) {
        if (!part.value) {
          text += part.literal;
          continue;
        }
        Value v = eval(*part.value, scope);
        if (part.conversion == 'r' || part.conversion == 'a')
          v = Value(repr(v));
        else if (part.conversion == 's')
          v = Value(str_of(v));
        text += format_value(v, part.format_spec);
      }
      return text;
    }
    case ExprKind::boolean:
      return expr.as<Boolean>().value;
    case ExprKind::none:
      return Value();
    case ExprKind::ellipsis:
      return ellipsis();
    case ExprKind::list:
      return make_list(eval_all(expr.as<List>().elements, scope));
    case ExprKind::tuple:
      return make_tuple(eval_all(expr.as<Tuple>().elements, scope));
    case ExprKind::set:
      throw Error("sets are not supported in Kiln models: use a list");
    case ExprKind::dict: {
      Value d = make_dict();
      for (const DictItem& item : expr.as<Dict>().items) {
        Value v = eval(*item.value, scope);
        if (!item.key) {
          auto other = v.get_if<DictPtr>();
          if (!other)
            type_error("a ** argument in a dict display", "a dict", v);
          for (const auto& [k, w] : (*other)->items)
            d.get<DictPtr>()->set(k, w);
          continue;
        }
        d.get<DictPtr>()->set(eval(*item.key, scope), std::move(v));
      }
      return d;
    }
    case ExprKind::unary: {
      const auto& e = expr.as<Unary>();
      return unary_op(e.op, eval(*e.operand, scope));
    }
    case ExprKind::binary: {
      const auto& e = expr.as<Binary>();
      if (e.op == BinaryOp::and_) {
        Value left = eval(*e.left, scope);
        return truthy(left) ? eval(*e.right, scope) : left;
      }
      if (e.op == BinaryOp::or_) {
        Value left = eval(*e.left, scope);
        return truthy(left) ? left : eval(*e.right, scope);
      }
      Value left = eval(*e.left, scope);
      return binary_op(e.op, left, eval(*e.right, scope));
    }
    case ExprKind::compare: {
      const auto& e = expr.as<Compare>();
      Value left = eval(*e.left, scope);
      Value result;
      for (size_t i = 0; i < e.ops.size(); ++i) {
        Value right = eval(*e.comparators[i], scope);
        result = compare_op(e.ops[i], left, right);
        if (i + 1 < e.ops.size() && !truthy(result))
          return result;
        left = std::move(right);
      }
      return result;
    }
    case ExprKind::conditional: {
      const auto& e = expr.as<Conditional>();
      return truthy(eval(*e.test, scope)) ? eval(*e.body, scope) : eval(*e.orelse, scope);
    }
    case ExprKind::lambda: {
      const auto& e = expr.as<Lambda>();
      auto fn = make_function("<lambda>", e.params, scope);
      fn->expression = e.body.get();
      fn->span = e.span;
      return Value(ObjectPtr(fn));
    }
    case ExprKind::call:
      return eval_call(expr.as<Call>(), scope);
    case ExprKind::attribute: {
      const auto& e = expr.as<Attribute>();
      return attribute(eval(*e.value, scope), e.attr);
    }
    case ExprKind::subscript: {
      const auto& e = expr.as<Subscript>();
      Value container = eval(*e.value, scope);
      return get_item(container, eval_index(*e.index, scope));
    }
    case ExprKind::slice:
      return eval_index(expr, scope);
    case ExprKind::list_comp: {
      const auto& e = expr.as<ListComp>();
      std::vector<Value> out;
      comprehension(e.generators, 0, scope,
                    [&](Scope& inner) { out.push_back(eval(*e.element, inner)); });
      return make_list(std::move(out));
    }
    case ExprKind::generator: {
      const auto& e = expr.as<Generator>();
      std::vector<Value> out;
      comprehension(e.generators, 0, scope,
                    [&](Scope& inner) { out.push_back(eval(*e.element, inner)); });
      return make_list(std::move(out));
    }
    case ExprKind::dict_comp: {
      const auto& e = expr.as<DictComp>();
      Value d = make_dict();
      comprehension(e.generators, 0, scope, [&](Scope& inner) {
        Value k = eval(*e.key, inner);
        d.get<DictPtr>()->set(std::move(k), eval(*e.value, inner));
      });
      return d;
    }
    case ExprKind::set_comp:
      throw Error("sets are not supported in Kiln models: use a list");
    case ExprKind::error:
      throw Error("the model has a syntax error here");
    }
    throw Error("unknown expression");
  }

private:
  void count_step() {
    if (++state.steps > program_.limits_.max_steps)
      throw Error("the model ran more than " + std::to_string(program_.limits_.max_steps) +
                  " steps (an endless loop?): raise the step limit if it needs more");
  }

  std::shared_ptr<Function> make_function(const std::string& name,
                                          const std::vector<Parameter>& params, Scope& scope) {
    std::vector<Param> spec;
    for (const Parameter& p : params) {
      Param q;
      q.name = p.name;
      switch (p.kind) {
      case ParamKind::positional:
        q.kind = Param::Kind::positional;
        break;
      case ParamKind::var_positional:
        q.kind = Param::Kind::var_positional;
        break;
      case ParamKind::keyword_only:
        q.kind = Param::Kind::keyword_only;
        break;
      case ParamKind::var_keyword:
        q.kind = Param::Kind::var_keyword;
        break;
      }
      if (p.default_value)
        q.default_value = eval(*p.default_value, scope);
      spec.push_back(std::move(q));
    }
    auto fn = std::make_shared<Function>(Signature(name, std::move(spec)), &program_);
    // Every scope is owned by a shared pointer, so a closure can outlive its call.
    fn->closure = scope.shared_from_this();
    return fn;
  }

  Value lookup(const std::string& name, Scope& scope) {
    for (const Scope* s = &scope; s; s = s->parent.get()) {
      auto it = s->vars.find(name);
      if (it != s->vars.end())
        return it->second;
    }
    Value v;
    if (python_builtins().get_attribute(name, v))
      return v;
    std::vector<std::string> known = python_builtins().names();
    for (const Scope* s = &scope; s; s = s->parent.get())
      for (const auto& [n, _] : s->vars)
        known.push_back(n);
    std::string hint = closest_name(name, known);
    throw Error("name '" + name + "' is not defined" +
                (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
  }

  void assign(const Expr& target, const Value& value, Scope& scope) {
    switch (target.kind) {
    case ExprKind::name:
      scope.vars[target.as<Name>().name] = value;
      return;
    case ExprKind::tuple:
    case ExprKind::list: {
      const auto& targets =
          target.kind == ExprKind::tuple ? target.as<Tuple>().elements : target.as<List>().elements;
      std::vector<Value> items = unpack(value);
      if (items.size() != targets.size())
        throw Error(
            items.size() < targets.size()
                ? "not enough values to unpack (expected " + std::to_string(targets.size()) +
                      ", got " + std::to_string(items.size()) + ")"
                : "too many values to unpack (expected " + std::to_string(targets.size()) + ")");
      for (size_t i = 0; i < targets.size(); ++i)
        assign(*targets[i], items[i], scope);
      return;
    }
    case ExprKind::subscript: {
      const auto& s = target.as<Subscript>();
      Value container = eval(*s.value, scope);
      set_item(container, eval_index(*s.index, scope), value);
      return;
    }
    case ExprKind::attribute:
      throw Error("assigning to attributes is not supported in Kiln models");
    default:
      throw Error("cannot assign to this expression");
    }
  }

  std::vector<Value> unpack(const Value& value) {
    if (auto l = value.get_if<ListPtr>())
      return (*l)->items;
    if (auto t = value.get_if<TuplePtr>())
      return (*t)->items;
    if (auto t = value.get_if<at::Tensor>()) {
      if (t->dim() == 0)
        throw Error("cannot unpack a 0-d tensor");
      std::vector<Value> out;
      for (int64_t i = 0; i < t->size(0); ++i)
        out.emplace_back((*t)[i]);
      return out;
    }
    if (auto d = value.get_if<DictPtr>()) {
      std::vector<Value> out;
      for (const auto& [k, _] : (*d)->items)
        out.push_back(k);
      return out;
    }
    if (auto o = value.get_if<ObjectPtr>()) {
      std::vector<Value> out;
      auto it = (*o)->iterate();
      Value v;
      while (it->next(v)) {
        count_step();
        out.push_back(v);
      }
      return out;
    }
    throw Error("cannot unpack non-iterable '" + type_name(value) + "' object");
  }

  Flow exec_for(const For& s, Scope& scope, Value& result) {
    Value iterable = eval(*s.iter, scope);
    auto body = [&](const Value& item) {
      count_step();
      assign(*s.target, item, scope);
      return exec_block(s.body, scope, result);
    };
    if (auto o = iterable.get_if<ObjectPtr>()) {
      // Lazily, so that objects like pyro.markov and sequential plates see each step.
      std::unique_ptr<Iterator> it = (*o)->iterate();
      Value item;
      while (it->next(item)) {
        Flow flow = body(item);
        if (flow == Flow::break_)
          break;
        if (flow == Flow::return_)
          return flow;
      }
      return Flow::normal;
    }
    for (const Value& item : unpack(iterable)) {
      Flow flow = body(item);
      if (flow == Flow::break_)
        break;
      if (flow == Flow::return_)
        return flow;
    }
    return Flow::normal;
  }

  Flow exec_with(const With& s, size_t item, Scope& scope, Value& result) {
    if (item == s.items.size())
      return exec_block(s.body, scope, result);
    Value context = eval(*s.items[item].context, scope);
    auto o = context.get_if<ObjectPtr>();
    if (!o)
      throw Error("'" + type_name(context) + "' object cannot be used in a with statement");
    ObjectPtr object = *o;
    Value entered = object->enter();
    struct Exit {
      ObjectPtr object;
      ~Exit() { object->exit(); }
    } exit{object};
    if (s.items[item].target)
      assign(*s.items[item].target, entered, scope);
    return exec_with(s, item + 1, scope, result);
  }

  template <class Body>
  void comprehension(const std::vector<Comprehension>& generators, size_t level, Scope& scope,
                     const Body& body) {
    // A comprehension has its own scope, as in Python 3.
    auto inner = std::make_shared<Scope>();
    inner->parent = scope.shared_from_this();
    comprehension_level(generators, level, *inner, body);
  }

  template <class Body>
  void comprehension_level(const std::vector<Comprehension>& generators, size_t level, Scope& scope,
                           const Body& body) {
    if (level == generators.size()) {
      body(scope);
      return;
    }
    const Comprehension& g = generators[level];
    for (const Value& item : unpack(eval(*g.iter, scope))) {
      count_step();
      assign(*g.target, item, scope);
      bool keep = true;
      for (const ExprPtr& cond : g.conditions)
        if (!truthy(eval(*cond, scope))) {
          keep = false;
          break;
        }
      if (keep)
        comprehension_level(generators, level + 1, scope, body);
    }
  }

  std::vector<Value> eval_all(const std::vector<ExprPtr>& exprs, Scope& scope) {
    std::vector<Value> out;
    out.reserve(exprs.size());
    for (const ExprPtr& e : exprs)
      out.push_back(eval(*e, scope));
    return out;
  }

  // Indices may hold slices, which are values only inside subscripts.
  Value eval_index(const Expr& index, Scope& scope) {
    if (auto s = index.if_kind<Slice>()) {
      auto slice = std::make_shared<SliceObject>();
      if (s->lower)
        slice->start = to_int(eval(*s->lower, scope), "slice indices");
      if (s->upper)
        slice->stop = to_int(eval(*s->upper, scope), "slice indices");
      if (s->step)
        slice->step = to_int(eval(*s->step, scope), "slice indices");
      return Value(ObjectPtr(slice));
    }
    if (auto t = index.if_kind<Tuple>()) {
      std::vector<Value> items;
      for (const ExprPtr& e : t->elements)
        items.push_back(eval_index(*e, scope));
      return make_tuple(std::move(items));
    }
    return eval(index, scope);
  }

  Value eval_call(const Call& call, Scope& scope) {
    Value callee = eval(*call.func, scope);
    CallArgs args;
    for (const Argument& a : call.args) {
      Value v = eval(*a.value, scope);
      switch (a.kind) {
      case ArgKind::positional:
        args.positional.push_back(std::move(v));
        break;
      case ArgKind::keyword:
        args.keywords.emplace_back(a.name, std::move(v));
        break;
      case ArgKind::unpack:
        for (Value& item : unpack(v))
          args.positional.push_back(std::move(item));
        break;
      case ArgKind::unpack_dict: {
        auto d = v.get_if<DictPtr>();
        if (!d)
          type_error("argument after **", "a mapping", v);
        for (const auto& [k, w] : (*d)->items)
          args.keywords.emplace_back(to_str(k, "keywords"), w);
        break;
      }
      }
    }
    return call_value(callee, args, call.span.line);
  }

  // `line`: where the call is written, for the traceback.
  Value call_value(const Value& callee, CallArgs& args, uint32_t line) {
    auto o = callee.get_if<ObjectPtr>();
    if (!o)
      throw Error("'" + type_name(callee) + "' object is not callable");
    // An error inside the call points at the call's line, which in a statement written over
    // several lines need not be the statement's first.
    const size_t frame = state.calls.size();
    const uint32_t statement_line = frame ? state.calls[frame - 1].line : 0;
    if (frame)
      state.calls[frame - 1].line = line;
    auto fn = dynamic_cast<Function*>(o->get());
    Value result = fn ? call_function(*fn, args) : (*o)->call(args);
    if (frame)
      state.calls[frame - 1].line = statement_line;
    return result;
  }

  Value attribute(const Value& value, const std::string& name) {
    Value out;
    if (auto o = value.get_if<ObjectPtr>()) {
      if ((*o)->get_attribute(name, out))
        return out;
      std::string hint;
      if (auto ns = dynamic_cast<const Namespace*>(o->get()))
        hint = closest_name(name, ns->names());
      throw Error("'" + (*o)->type_name() + "' object has no attribute '" + name + "'" +
                  (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
    if (auto t = value.get_if<at::Tensor>()) {
      if (tensor_attribute(*t, name, out))
        return out;
      std::string hint = closest_name(name, tensor_attribute_names());
      throw Error("'Tensor' object has no attribute '" + name + "'" +
                  (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
    if (container_attribute(value, name, out))
      return out;
    throw Error("'" + type_name(value) + "' object has no attribute '" + name + "'");
  }

  static NamespacePtr module_or_error(const std::string& name) {
    NamespacePtr ns = find_module(name);
    if (ns)
      return ns;
    std::string hint = closest_name(name, module_names());
    throw Error("no module named '" + name + "' in Kiln models" +
                (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
  }

  // `import a.b.c` binds a (with b.c reachable as attributes); `import a.b as x` binds x.
  void import_module(const Alias& alias, Scope& scope) {
    NamespacePtr ns = module_or_error(alias.name);
    if (!alias.as_name.empty()) {
      scope.vars[alias.as_name] = Value(ObjectPtr(ns));
      return;
    }
    std::string top = alias.name.substr(0, alias.name.find('.'));
    scope.vars[top] = Value(ObjectPtr(module_or_error(top)));
  }

  void import_from(const ImportFrom& s, Scope& scope) {
    NamespacePtr ns = module_or_error(s.module);
    for (const Alias& alias : s.names) {
      Value v;
      if (!ns->get_attribute(alias.name, v)) {
        if (NamespacePtr sub = find_module(s.module + "." + alias.name))
          v = Value(ObjectPtr(sub));
        else {
          std::string hint = closest_name(alias.name, ns->names());
          throw Error("cannot import name '" + alias.name + "' from '" + s.module + "'" +
                      (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
        }
      }
      scope.vars[alias.as_name.empty() ? alias.name : alias.as_name] = v;
    }
  }

  Program& program_;
};

} // namespace kiln::lang

namespace kiln::lang {

const std::vector<TracebackFrame>& last_traceback() {
  return last_frames;
}

Value Function::call(CallArgs& args) {
  return Executor(*program).call_function(*this, args);
}

Program::Program(Source source, DiagnosticSink& sink, Limits limits, const ModuleCheck& check)
    : source_(std::move(source)), limits_(limits), globals_(std::make_shared<Scope>()) {
  ParseResult parsed = parse(source_, sink);
  module_ = std::move(parsed.module);
  if (!parsed.ok)
    return;
  if (check) {
    const size_t errors = sink.error_count();
    check(module_, source_, sink);
    if (sink.error_count() > errors)
      return;
  }
  Executor executor(*this);
  state.steps = 0;
  CallGuard guard(this, "<module>", 1);
  for (const StmtPtr& stmt : module_.body) {
    try {
      Value ignored;
      executor.exec(*stmt, *globals_, ignored);
    } catch (const std::exception& e) {
      state.captured = false;
      state.traceback.clear();
      Diagnostic d;
      d.severity = Severity::error;
      d.file = source_.name();
      d.span = stmt->span;
      const auto* c10 = dynamic_cast<const c10::Error*>(&e);
      d.message = c10 ? c10->what_without_backtrace() : e.what();
      sink.report(std::move(d));
      return;
    }
  }
  ok_ = true;
}

Program::~Program() = default;

Value Program::global(const std::string& name) const {
  auto it = globals_->vars.find(name);
  if (it == globals_->vars.end())
    throw Error("the model file has no '" + name + "'");
  return it->second;
}

bool Program::has_global(const std::string& name) const {
  return globals_->vars.count(name) != 0;
}

std::vector<std::string> Program::global_names() const {
  std::vector<std::string> names;
  for (const auto& [n, _] : globals_->vars)
    names.push_back(n);
  std::sort(names.begin(), names.end());
  return names;
}

Value Program::call(const Value& function, CallArgs args) {
  const bool top_level = state.calls.empty();
  if (top_level) {
    state.steps = 0;
    state.captured = false;
    state.traceback.clear();
    last_frames.clear();
  }
  try {
    auto o = function.get_if<ObjectPtr>();
    if (!o)
      throw Error("'" + type_name(function) + "' object is not callable");
    if (auto fn = dynamic_cast<Function*>(o->get()))
      return Executor(*this).call_function(*fn, args);
    return (*o)->call(args);
  } catch (...) {
    if (!top_level)
      throw;
    std::vector<CallFrame> frames = std::move(state.traceback);
    state.captured = false;
    state.traceback.clear();
    for (const CallFrame& f : frames)
      last_frames.push_back({f.program->source().name(), f.function, f.line});
    rethrow_with_context("", frames.empty() ? "" : format_traceback(frames));
  }
}

} // namespace kiln::lang
