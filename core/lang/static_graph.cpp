#include "core/lang/static_graph.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include <ATen/ATen.h>

#include "core/dist/registry.h"
#include "core/lang/ast_visit.h"
#include "core/util/error.h"

namespace kiln::lang {

namespace {

// Names of the sites and data a value may derive from.
using Deps = std::set<std::string>;

struct Frame;
using FramePtr = std::shared_ptr<Frame>;

// What the pass knows of a value.
struct Val {
  Deps deps; // includes the deps of every element
  // A tuple or list literal, element by element; empty when unknown.
  std::vector<Val> elements;
  int plate = -1;       // a pyro.plate(...): index into StaticPass::plates_
  bool markov = false;  // pyro.markov(...)
  bool handler = false; // poutine.scale/mask/block(...): transparent as a context manager
  const FunctionDef* def = nullptr;
  const Lambda* lambda = nullptr;
  FramePtr closure; // of a nested def or lambda
  // A distribution: its family and the call that built it.
  std::string family;
  const Call* dist_call = nullptr;
  // Known numbers, for plate sizes: a literal, a module constant, or bound data.
  std::optional<int64_t> integer;
  const Value* data = nullptr;
  bool none = false; // certainly None: `obs=y` with y None leaves a site latent
  // A string literal, also as passed to a function: `def local(name): pyro.sample(name, ...)`.
  std::optional<std::string> string;

  bool is_function() const { return def || lambda; }
};

struct Frame {
  std::map<std::string, Val> vars;
  FramePtr parent;
};

struct TooDynamic {
  std::string reason;
};

void add_deps(Val& v, const Deps& deps) {
  v.deps.insert(deps.begin(), deps.end());
  for (Val& e : v.elements)
    add_deps(e, deps);
}

// Both a and b may be what a variable holds (after an if, around a loop).
void merge(Val& a, const Val& b) {
  a.deps.insert(b.deps.begin(), b.deps.end());
  if (a.elements.size() == b.elements.size()) {
    for (size_t i = 0; i < a.elements.size(); ++i)
      merge(a.elements[i], b.elements[i]);
  } else {
    a.elements.clear();
  }
  if (a.plate != b.plate)
    a.plate = -1;
  a.markov = a.markov && b.markov;
  a.handler = a.handler && b.handler;
  if (a.def != b.def || a.lambda != b.lambda) {
    a.def = nullptr;
    a.lambda = nullptr;
    a.closure = nullptr;
  }
  if (a.family != b.family || a.dist_call != b.dist_call) {
    a.family.clear();
    a.dist_call = nullptr;
  }
  if (a.integer != b.integer)
    a.integer.reset();
  if (a.data != b.data)
    a.data = nullptr;
  a.none = a.none && b.none;
  if (a.string != b.string)
    a.string.reset();
}

Val with_deps(Deps deps) {
  Val v;
  v.deps = std::move(deps);
  return v;
}

// The argument at `position` or named `keyword`, or null.
const Expr* argument(const Call& call, size_t position, const char* keyword) {
  size_t i = 0;
  for (const auto& a : call.args) {
    if (a.kind == ArgKind::positional && i++ == position)
      return a.value.get();
    if (a.kind == ArgKind::keyword && a.name == keyword)
      return a.value.get();
  }
  return nullptr;
}

std::optional<int64_t> integer_literal(const Expr* e) {
  if (!e)
    return std::nullopt;
  if (auto i = e->if_kind<Integer>())
    return i->value;
  if (auto u = e->if_kind<Unary>())
    if (u->op == UnaryOp::negate)
      if (auto i = u->operand->if_kind<Integer>())
        return -i->value;
  return std::nullopt;
}

// Sites, as the primitives that make them are named.
const std::set<std::string> kSitePrimitives = {"pyro.sample", "pyro.deterministic", "pyro.param",
                                               "pyro.factor", "pyro.module"};
// Handlers that do not change which sites exist or what they depend on.
const std::set<std::string> kTransparentWrappers = {
    "pyro.poutine.scale", "pyro.poutine.mask",           "pyro.poutine.block",
    "pyro.markov",        "pyro.infer.config_enumerate", "pyro.poutine.markov"};
const std::set<std::string> kDistMethods = {"expand", "to_event", "mask", "expand_by",
                                            "independent"};

constexpr int64_t kBudget = 200000; // statements and calls visited in one pass
constexpr int kMaxFixpointRounds = 10;
constexpr size_t kMaxInlineDepth = 100; // nested calls inlined at once (the C++ stack)

class StaticPass {
public:
  StaticPass(const Module& module, const Source& source, const DataMap* data)
      : module_(module), source_(source), data_(data) {
    scan_module();
  }

  ModelGraph run(const std::string& function);
  std::vector<SiteCall> site_calls(const std::string& function);

private:
  // --- module-level facts -------------------------------------------------------------------
  void scan_module();
  void add_import(const Stmt& s);
  std::optional<int64_t> fold_constant(const Expr& e) const;
  bool contains_site_call(const Expr& e, const Expr* parent) const;
  std::string name_pattern(const Expr& e) const;

  // --- reporting ------------------------------------------------------------------------------
  std::string text(const Span& span) const {
    return source_.text().substr(span.begin, span.end - span.begin);
  }
  std::string text(const Expr& e) const { return text(e.span); }
  // The reason is one line, however many lines the expressions it quotes span.
  [[noreturn]] void too_dynamic(const Span& where, const std::string& why) const {
    std::string line;
    for (char c : why)
      if (c != '\n' && c != '\r')
        line += c;
      else if (line.empty() || line.back() != ' ')
        line += ' ';
    throw TooDynamic{"line " + std::to_string(where.line) + ": " + line};
  }
  void tick(const Span& where) {
    if (++steps_ > kBudget)
      too_dynamic(where, "the model is too large for the static pass (more than " +
                             std::to_string(kBudget) + " steps)");
  }

  // --- scopes ---------------------------------------------------------------------------------
  Val* find_local(const std::string& name);
  Val lookup(const std::string& name);
  std::string qualified(const Expr& e);
  std::map<std::string, Deps> state_signature();

  // --- statements -----------------------------------------------------------------------------
  void exec(const Block& block);
  void exec(const Stmt& s);
  void exec_if(const If& s);
  void exec_for(const For& s);
  void exec_while(const While& s);
  void exec_with(const With& s, size_t item);
  void loop(const Span& where, const std::function<void()>& body, bool plate);
  void assign(const Expr& target, const Val& value);
  void weak_update(const Expr& target, const Deps& deps);

  // --- expressions ----------------------------------------------------------------------------
  Val eval(const Expr& e);
  Val eval_comprehension(const std::vector<Comprehension>& gens,
                         const std::function<Val()>& element, const Span& where);
  Val eval_call(const Call& c);
  Val eval_primitive(const std::string& q, const Call& c);
  Val call_function(const Call& c, const Val& callee, const std::string& name);
  std::vector<Val> eval_args(const Call& c, Deps& all);

  // --- sites and plates -----------------------------------------------------------------------
  std::string site_name(const std::string& primitive, const Call& c);
  void record(GraphNode node, const Deps& deps);
  void enter_plate(int plate, bool vectorized);
  static std::optional<int64_t> length(const Val& v);

  const Module& module_;
  const Source& source_;
  const DataMap* data_;

  std::map<std::string, const FunctionDef*> defs_; // module-level functions (the last def)
  std::map<std::string, std::string> imports_;     // alias -> module or name
  std::map<std::string, int64_t> constants_;       // module-level integer constants
  std::set<std::string> module_names_;             // every name bound at module level
  std::set<std::string> site_functions_;           // defs that reach a site primitive
  bool sites_escape_ = false;                      // a function with sites is used as a value
  std::map<std::string, Val> global_writes_;       // module globals the model changed

  FramePtr frame_;
  std::vector<const void*> call_stack_;     // defs and lambdas being inlined
  std::vector<std::optional<Val>> returns_; // what each inlined call returns
  std::vector<Span> loops_;                 // loops around here that are not plates
  std::vector<int> plate_stack_;
  Deps control_; // deps of the conditions that decide whether the current code runs
  int64_t steps_ = 0;

  std::vector<GraphPlate> plates_; // every pyro.plate(...) made
  std::vector<int> plate_index_;   // its index in graph_.plates once entered, else -1
  ModelGraph graph_;
  std::map<std::string, Deps> node_deps_;
};

// ---------------------------------------------------------------------------------------------
// Module-level facts

void StaticPass::add_import(const Stmt& s) {
  if (auto imp = s.if_kind<Import>()) {
    for (const auto& a : imp->names) {
      if (!a.as_name.empty())
        imports_[a.as_name] = a.name;
      else
        imports_[a.name.substr(0, a.name.find('.'))] = a.name.substr(0, a.name.find('.'));
    }
  } else if (auto from = s.if_kind<ImportFrom>()) {
    for (const auto& a : from->names)
      imports_[a.as_name.empty() ? a.name : a.as_name] = from->module + "." + a.name;
  }
}

std::optional<int64_t> StaticPass::fold_constant(const Expr& e) const {
  if (auto i = integer_literal(&e))
    return i;
  if (auto n = e.if_kind<Name>()) {
    auto it = constants_.find(n->name);
    return it == constants_.end() ? std::nullopt : std::optional<int64_t>(it->second);
  }
  if (auto b = e.if_kind<Binary>()) {
    auto l = fold_constant(*b->left);
    auto r = fold_constant(*b->right);
    int64_t out = 0;
    if (!l || !r)
      return std::nullopt;
    const bool overflow = b->op == BinaryOp::add   ? __builtin_add_overflow(*l, *r, &out)
                          : b->op == BinaryOp::sub ? __builtin_sub_overflow(*l, *r, &out)
                          : b->op == BinaryOp::mul ? __builtin_mul_overflow(*l, *r, &out)
                                                   : true;
    return overflow ? std::nullopt : std::optional<int64_t>(out);
  }
  return std::nullopt;
}

bool StaticPass::contains_site_call(const Expr& root, const Expr* root_parent) const {
  bool found = false;
  visit(root, root_parent, [&](const Expr& e, const Expr*) {
    auto c = e.if_kind<Call>();
    if (!c)
      return;
    // Qualified by the module's imports only: this scan runs before any scope exists.
    std::string q;
    const Expr* f = c->func.get();
    std::vector<std::string> attrs;
    while (auto a = f->if_kind<Attribute>()) {
      attrs.push_back(a->attr);
      f = a->value.get();
    }
    if (auto n = f->if_kind<Name>()) {
      auto it = imports_.find(n->name);
      if (it != imports_.end()) {
        q = it->second;
        for (auto a = attrs.rbegin(); a != attrs.rend(); ++a)
          q += "." + *a;
      } else if (attrs.empty() && site_functions_.count(n->name)) {
        found = true;
      }
    }
    if (kSitePrimitives.count(q))
      found = true;
  });
  return found;
}

void StaticPass::scan_module() {
  std::map<std::string, int> assignments;
  for (const auto& s : module_.body) {
    add_import(*s);
    if (auto def = s->if_kind<FunctionDef>()) {
      defs_[def->name] = def;
      module_names_.insert(def->name);
    }
    if (auto a = s->if_kind<Assign>()) {
      for (const auto& t : a->targets) {
        std::vector<const Expr*> names{t.get()};
        if (auto tuple = t->if_kind<Tuple>()) {
          names.clear();
          for (const auto& x : tuple->elements)
            names.push_back(x.get());
        }
        const Tuple* values = a->value->if_kind<Tuple>();
        for (size_t i = 0; i < names.size(); ++i) {
          auto n = names[i]->if_kind<Name>();
          if (!n)
            continue;
          module_names_.insert(n->name);
          ++assignments[n->name];
          const Expr* v = names.size() == 1 ? a->value.get()
                          : values && values->elements.size() == names.size()
                              ? values->elements[i].get()
                              : nullptr;
          if (auto k = v ? fold_constant(*v) : std::nullopt)
            constants_[n->name] = *k;
        }
      }
    }
  }
  for (const auto& [name, count] : assignments)
    if (count > 1 || defs_.count(name))
      constants_.erase(name);

  // Functions that reach a site, directly or through other functions of the file.
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [name, def] : defs_) {
      if (site_functions_.count(name))
        continue;
      bool found = false;
      visit(def->body, [&](const Expr& e, const Expr* parent) {
        if (!found && !parent && contains_site_call(e, nullptr))
          found = true;
      });
      if (found) {
        site_functions_.insert(name);
        changed = true;
      }
    }
  }

  // A function with sites used as a value (stored, passed, returned) may be called where the
  // pass cannot see which function it is. Rebinding a model to its wrapped self at module
  // level (`model = config_enumerate(model)`) is not such a use.
  std::set<const Expr*> rebinding_args;
  for (const auto& s : module_.body)
    if (auto a = s->if_kind<Assign>())
      if (auto c = a->value->if_kind<Call>())
        if (a->targets.size() == 1 && a->targets[0]->if_kind<Name>())
          if (const Expr* fn = argument(*c, 0, "fn"))
            if (auto n = fn->if_kind<Name>())
              if (n->name == a->targets[0]->as<Name>().name)
                rebinding_args.insert(fn);
  visit(module_.body, [&](const Expr& e, const Expr* parent) {
    if (auto n = e.if_kind<Name>()) {
      const bool callee =
          parent && parent->kind == ExprKind::call && parent->as<Call>().func.get() == &e;
      if (site_functions_.count(n->name) && !callee && !rebinding_args.count(&e))
        sites_escape_ = true;
    }
    if (auto l = e.if_kind<Lambda>())
      if (contains_site_call(*l->body, &e))
        sites_escape_ = true;
  });
}

// ---------------------------------------------------------------------------------------------
// Scopes

Val* StaticPass::find_local(const std::string& name) {
  for (Frame* f = frame_.get(); f; f = f->parent.get()) {
    auto it = f->vars.find(name);
    if (it != f->vars.end())
      return &it->second;
  }
  return nullptr;
}

Val StaticPass::lookup(const std::string& name) {
  if (Val* v = find_local(name))
    return *v;
  auto g = global_writes_.find(name);
  if (g != global_writes_.end())
    return g->second;
  Val v;
  auto d = defs_.find(name);
  if (d != defs_.end())
    v.def = d->second;
  auto k = constants_.find(name);
  if (k != constants_.end())
    v.integer = k->second;
  return v;
}

// "pyro.sample" for `pyro.sample`, "pyro.distributions.Normal" for `dist.Normal`; empty when
// the expression is not rooted at an imported module (or the name is shadowed).
std::string StaticPass::qualified(const Expr& e) {
  if (auto n = e.if_kind<Name>()) {
    if (find_local(n->name) || global_writes_.count(n->name))
      return "";
    auto it = imports_.find(n->name);
    return it == imports_.end() ? "" : it->second;
  }
  if (auto a = e.if_kind<Attribute>()) {
    std::string q = qualified(*a->value);
    return q.empty() ? "" : q + "." + a->attr;
  }
  return "";
}

std::map<std::string, Deps> StaticPass::state_signature() {
  std::map<std::string, Deps> out;
  int depth = 0;
  for (Frame* f = frame_.get(); f; f = f->parent.get(), ++depth)
    for (const auto& [name, v] : f->vars)
      out[std::to_string(depth) + ":" + name] = v.deps;
  for (const auto& [name, v] : global_writes_)
    out["global:" + name] = v.deps;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Statements

void StaticPass::exec(const Block& block) {
  for (const auto& s : block)
    exec(*s);
}

void StaticPass::exec(const Stmt& s) {
  tick(s.span);
  switch (s.kind) {
  case StmtKind::import:
  case StmtKind::import_from:
    add_import(s);
    break;
  case StmtKind::function_def: {
    Val v;
    v.def = &s.as<FunctionDef>();
    v.closure = frame_;
    frame_->vars[v.def->name] = v;
    break;
  }
  case StmtKind::return_: {
    const auto& r = s.as<Return>();
    Val v = r.value ? eval(*r.value) : Val{};
    add_deps(v, control_);
    if (!returns_.empty()) {
      if (returns_.back())
        merge(*returns_.back(), v);
      else
        returns_.back() = v;
    }
    break;
  }
  case StmtKind::if_:
    exec_if(s.as<If>());
    break;
  case StmtKind::for_:
    exec_for(s.as<For>());
    break;
  case StmtKind::while_:
    exec_while(s.as<While>());
    break;
  case StmtKind::with:
    exec_with(s.as<With>(), 0);
    break;
  case StmtKind::assign: {
    const auto& a = s.as<Assign>();
    Val v = eval(*a.value);
    for (const auto& t : a.targets)
      assign(*t, v);
    break;
  }
  case StmtKind::aug_assign: {
    const auto& a = s.as<AugAssign>();
    Val v = eval(*a.value);
    if (auto n = a.target->if_kind<Name>()) {
      Val updated = with_deps(lookup(n->name).deps);
      add_deps(updated, v.deps);
      assign(*a.target, updated);
    } else {
      weak_update(*a.target, v.deps);
    }
    break;
  }
  case StmtKind::ann_assign: {
    const auto& a = s.as<AnnAssign>();
    if (a.value)
      assign(*a.target, eval(*a.value));
    break;
  }
  case StmtKind::assert_:
    eval(*s.as<Assert>().test);
    break;
  case StmtKind::expr:
    eval(*s.as<ExprStmt>().value);
    break;
  case StmtKind::break_:
  case StmtKind::continue_:
  case StmtKind::pass:
    break;
  }
}

void StaticPass::exec_if(const If& s) {
  const Val test = eval(*s.test);
  const Deps outer = control_;
  control_.insert(test.deps.begin(), test.deps.end());
  const auto before = frame_->vars;
  exec(s.body);
  auto after_body = std::move(frame_->vars);
  frame_->vars = before;
  exec(s.orelse);
  for (auto& [name, v] : after_body) {
    auto it = frame_->vars.find(name);
    if (it == frame_->vars.end())
      frame_->vars[name] = v;
    else
      merge(it->second, v);
  }
  control_ = outer;
}

// Runs a loop body until the variables stop gaining dependencies, then merges in the state
// before the loop (it may run zero times).
void StaticPass::loop(const Span& where, const std::function<void()>& body, bool plate) {
  const auto before = frame_->vars;
  if (!plate)
    loops_.push_back(where);
  for (int round = 0; round < kMaxFixpointRounds; ++round) {
    auto signature = state_signature();
    body();
    if (state_signature() == signature)
      break;
  }
  if (!plate)
    loops_.pop_back();
  for (const auto& [name, v] : before) {
    auto it = frame_->vars.find(name);
    if (it == frame_->vars.end())
      frame_->vars[name] = v;
    else
      merge(it->second, v);
  }
}

void StaticPass::exec_for(const For& s) {
  const Val iter = eval(*s.iter);
  const Deps outer = control_;
  if (iter.plate >= 0) {
    enter_plate(iter.plate, false);
    loop(
        s.span,
        [&] {
          assign(*s.target, Val{});
          exec(s.body);
        },
        true);
    plate_stack_.pop_back();
    return;
  }
  control_.insert(iter.deps.begin(), iter.deps.end());
  loop(
      s.span,
      [&] {
        assign(*s.target, with_deps(iter.deps));
        exec(s.body);
      },
      false);
  control_ = outer;
}

void StaticPass::exec_while(const While& s) {
  const Deps outer = control_;
  loop(
      s.span,
      [&] {
        const Val test = eval(*s.test);
        control_.insert(test.deps.begin(), test.deps.end());
        exec(s.body);
      },
      false);
  control_ = outer;
}

void StaticPass::exec_with(const With& s, size_t item) {
  if (item == s.items.size()) {
    exec(s.body);
    return;
  }
  const WithItem& w = s.items[item];
  const Val ctx = eval(*w.context);
  bool plate = false;
  if (ctx.plate >= 0) {
    enter_plate(ctx.plate, true);
    plate = true;
  } else if (!ctx.handler && !ctx.markov) {
    // torch's context managers (no_grad, ...) do not touch sites; nothing else is known.
    const Call* call = w.context->if_kind<Call>();
    const std::string q = qualified(call ? *call->func : *w.context);
    if (q.rfind("torch.", 0) != 0)
      too_dynamic(w.context->span,
                  "the static pass does not know what `with " + text(*w.context) + "` does");
  }
  if (w.target)
    assign(*w.target, Val{});
  exec_with(s, item + 1);
  if (plate)
    plate_stack_.pop_back();
}

void StaticPass::assign(const Expr& target, const Val& value) {
  if (auto n = target.if_kind<Name>()) {
    Val v = value;
    add_deps(v, control_);
    frame_->vars[n->name] = std::move(v);
    return;
  }
  const std::vector<ExprPtr>* parts = nullptr;
  if (auto t = target.if_kind<Tuple>())
    parts = &t->elements;
  else if (auto l = target.if_kind<List>())
    parts = &l->elements;
  if (parts) {
    for (size_t i = 0; i < parts->size(); ++i)
      assign(*(*parts)[i],
             value.elements.size() == parts->size() ? value.elements[i] : with_deps(value.deps));
    return;
  }
  weak_update(target, value.deps);
}

// `x[i] = v`, `x.a = v`, `x[i] += v`: x keeps what it had and gains v's (and i's) deps.
void StaticPass::weak_update(const Expr& target, const Deps& deps) {
  Deps all = deps;
  all.insert(control_.begin(), control_.end());
  const Expr* root = &target;
  while (true) {
    if (auto s = root->if_kind<Subscript>()) {
      Val index = eval(*s->index);
      all.insert(index.deps.begin(), index.deps.end());
      root = s->value.get();
    } else if (auto a = root->if_kind<Attribute>()) {
      root = a->value.get();
    } else {
      break;
    }
  }
  auto n = root->if_kind<Name>();
  if (!n) // a temporary: nothing keeps what it gains
    return;
  if (Val* v = find_local(n->name)) {
    add_deps(*v, all);
    v->integer.reset();
    v->data = nullptr;
  } else {
    Val& g = global_writes_.emplace(n->name, lookup(n->name)).first->second;
    add_deps(g, all);
  }
}

// ---------------------------------------------------------------------------------------------
// Expressions

Val StaticPass::eval(const Expr& e) {
  auto union_of = [&](std::initializer_list<const Expr*> parts) {
    Val v;
    for (const Expr* p : parts)
      if (p)
        add_deps(v, eval(*p).deps);
    return v;
  };
  switch (e.kind) {
  case ExprKind::name:
    return lookup(e.as<Name>().name);
  case ExprKind::integer: {
    Val v;
    v.integer = e.as<Integer>().value;
    return v;
  }
  case ExprKind::none: {
    Val v;
    v.none = true;
    return v;
  }
  case ExprKind::string: {
    Val v;
    v.string = e.as<String>().value;
    return v;
  }
  case ExprKind::formatted_string: {
    Val v;
    for (const auto& part : e.as<FormattedString>().parts)
      if (part.value)
        add_deps(v, eval(*part.value).deps);
    return v;
  }
  case ExprKind::floating:
  case ExprKind::boolean:
  case ExprKind::ellipsis:
  case ExprKind::error:
    return Val{};
  case ExprKind::list:
  case ExprKind::tuple:
  case ExprKind::set: {
    const auto& elements = e.kind == ExprKind::list    ? e.as<List>().elements
                           : e.kind == ExprKind::tuple ? e.as<Tuple>().elements
                                                       : e.as<Set>().elements;
    Val v;
    for (const auto& x : elements) {
      Val item = eval(*x);
      v.deps.insert(item.deps.begin(), item.deps.end());
      v.elements.push_back(std::move(item));
    }
    if (e.kind == ExprKind::set)
      v.elements.clear();
    return v;
  }
  case ExprKind::dict: {
    Val v;
    for (const auto& item : e.as<Dict>().items)
      add_deps(v, union_of({item.key.get(), item.value.get()}).deps);
    return v;
  }
  case ExprKind::unary:
    return with_deps(eval(*e.as<Unary>().operand).deps);
  case ExprKind::binary:
    return union_of({e.as<Binary>().left.get(), e.as<Binary>().right.get()});
  case ExprKind::compare: {
    Val v = with_deps(eval(*e.as<Compare>().left).deps);
    for (const auto& c : e.as<Compare>().comparators)
      add_deps(v, eval(*c).deps);
    return v;
  }
  case ExprKind::conditional: {
    const auto& c = e.as<Conditional>();
    const Val test = eval(*c.test);
    Val v = eval(*c.body);
    merge(v, eval(*c.orelse));
    add_deps(v, test.deps);
    return v;
  }
  case ExprKind::lambda: {
    Val v;
    v.lambda = &e.as<Lambda>();
    v.closure = frame_;
    return v;
  }
  case ExprKind::call:
    return eval_call(e.as<Call>());
  case ExprKind::attribute: {
    const Val base = eval(*e.as<Attribute>().value);
    Val v = with_deps(base.deps);
    if (e.as<Attribute>().attr == "shape" && base.data)
      if (auto t = base.data->get_if<at::Tensor>())
        for (int64_t d = 0; d < t->dim(); ++d) {
          v.elements.push_back(with_deps(base.deps));
          v.elements.back().integer = t->size(d);
        }
    return v;
  }
  case ExprKind::subscript: {
    const auto& s = e.as<Subscript>();
    const Val base = eval(*s.value);
    const Val index = eval(*s.index);
    auto i = integer_literal(s.index.get());
    if (i && !base.elements.empty()) {
      const int64_t n = static_cast<int64_t>(base.elements.size());
      if (*i >= -n && *i < n) {
        Val v = base.elements[static_cast<size_t>(*i < 0 ? *i + n : *i)];
        add_deps(v, index.deps);
        return v;
      }
    }
    Val v = with_deps(base.deps);
    add_deps(v, index.deps);
    return v;
  }
  case ExprKind::slice:
    return union_of(
        {e.as<Slice>().lower.get(), e.as<Slice>().upper.get(), e.as<Slice>().step.get()});
  case ExprKind::list_comp: {
    const auto& c = e.as<ListComp>();
    return eval_comprehension(
        c.generators, [&] { return eval(*c.element); }, e.span);
  }
  case ExprKind::set_comp: {
    const auto& c = e.as<SetComp>();
    return eval_comprehension(
        c.generators, [&] { return eval(*c.element); }, e.span);
  }
  case ExprKind::generator: {
    const auto& c = e.as<Generator>();
    return eval_comprehension(
        c.generators, [&] { return eval(*c.element); }, e.span);
  }
  case ExprKind::dict_comp: {
    const auto& c = e.as<DictComp>();
    return eval_comprehension(
        c.generators,
        [&] {
          Val v = eval(*c.key);
          add_deps(v, eval(*c.value).deps);
          return v;
        },
        e.span);
  }
  }
  return Val{};
}

// A comprehension is a loop in a scope of its own; its value derives from everything in it.
Val StaticPass::eval_comprehension(const std::vector<Comprehension>& gens,
                                   const std::function<Val()>& element, const Span& where) {
  auto scope = std::make_shared<Frame>();
  scope->parent = frame_;
  std::swap(frame_, scope);
  const Deps outer = control_;
  Val result;
  loops_.push_back(where);
  for (int round = 0; round < 2; ++round) { // targets are fresh each round: two reach a fixpoint
    for (const auto& g : gens) {
      const Val iter = eval(*g.iter);
      control_.insert(iter.deps.begin(), iter.deps.end());
      assign(*g.target, with_deps(iter.deps));
      for (const auto& c : g.conditions) {
        const Val test = eval(*c);
        control_.insert(test.deps.begin(), test.deps.end());
      }
    }
    Val v = element();
    add_deps(v, control_);
    add_deps(result, v.deps);
  }
  loops_.pop_back();
  control_ = outer;
  std::swap(frame_, scope);
  return result;
}

std::vector<Val> StaticPass::eval_args(const Call& c, Deps& all) {
  std::vector<Val> out;
  for (const auto& a : c.args) {
    out.push_back(eval(*a.value));
    all.insert(out.back().deps.begin(), out.back().deps.end());
  }
  return out;
}

Val StaticPass::eval_call(const Call& c) {
  tick(c.span);
  const std::string q = qualified(*c.func);
  if (q.rfind("pyro.", 0) == 0 && q.rfind("pyro.distributions.", 0) != 0)
    return eval_primitive(q, c);
  if (q.rfind("pyro.distributions.", 0) == 0) {
    Val v;
    eval_args(c, v.deps);
    const std::string family = q.substr(std::string("pyro.distributions.").size());
    if (dist::find_family(family)) {
      v.family = family;
      v.dist_call = &c;
    }
    return v;
  }
  if (!q.empty()) { // torch, math, ...: pure functions of their arguments
    Val v;
    eval_args(c, v.deps);
    return v;
  }
  // A method: of a distribution (keeps its family), or of a value it may change.
  if (auto a = c.func->if_kind<Attribute>()) {
    Val base = eval(*a->value);
    Deps arg_deps;
    std::vector<Val> args = eval_args(c, arg_deps);
    if (sites_escape_)
      for (const Val& arg : args)
        if (arg.is_function())
          too_dynamic(c.span, "`" + text(c) + "` passes a function to code the static pass " +
                                  "cannot follow, and this file passes functions with sites " +
                                  "around as values");
    Val v;
    if (!base.family.empty() && kDistMethods.count(a->attr)) {
      v.family = base.family;
      v.dist_call = base.dist_call;
    }
    v.deps = base.deps;
    v.deps.insert(arg_deps.begin(), arg_deps.end());
    if (!arg_deps.empty())
      weak_update(*a->value, arg_deps);
    return v;
  }
  const Val callee = eval(*c.func);
  if (callee.is_function())
    return call_function(c, callee, callee.def ? callee.def->name : "<lambda>");
  Deps all = callee.deps;
  std::vector<Val> args = eval_args(c, all);
  // A builtin (len, range, str, ...) is a name bound nowhere in the file.
  const auto* n = c.func->if_kind<Name>();
  const bool builtin =
      n && !find_local(n->name) && !module_names_.count(n->name) && !global_writes_.count(n->name);
  if (sites_escape_) {
    bool passes_function = false;
    for (const Val& arg : args)
      passes_function = passes_function || arg.is_function();
    if (!builtin || passes_function)
      too_dynamic(c.span, "the static pass cannot follow the call `" + text(c) +
                              "`, and this file passes functions with sites around as values");
  }
  Val v = with_deps(std::move(all));
  if (builtin && n->name == "len" && args.size() == 1 && c.args[0].kind == ArgKind::positional)
    v.integer = length(args[0]);
  return v;
}

Val StaticPass::call_function(const Call& c, const Val& callee, const std::string& name) {
  const void* key =
      callee.def ? static_cast<const void*>(callee.def) : static_cast<const void*>(callee.lambda);
  const std::vector<Parameter>& params = callee.def ? callee.def->params : callee.lambda->params;
  if (std::find(call_stack_.begin(), call_stack_.end(), key) != call_stack_.end()) {
    const bool has_sites = callee.def ? site_functions_.count(callee.def->name) > 0
                                      : contains_site_call(*callee.lambda->body, nullptr);
    if (has_sites)
      too_dynamic(c.span, "recursion: " + name + "() calls itself, and it has sites");
    Deps all;
    eval_args(c, all);
    return with_deps(std::move(all)); // a pure function of its arguments
  }
  if (call_stack_.size() > kMaxInlineDepth)
    too_dynamic(c.span, "calls nest deeper than " + std::to_string(kMaxInlineDepth) +
                            " functions at " + name + "()");
  // Bind the arguments as Python does; unpacked ones (*xs, **kw) may land anywhere.
  std::vector<Val> positional;
  std::vector<std::pair<std::string, Val>> keywords;
  Deps unpacked;
  for (const auto& a : c.args) {
    Val v = eval(*a.value);
    if (a.kind == ArgKind::positional)
      positional.push_back(std::move(v));
    else if (a.kind == ArgKind::keyword)
      keywords.emplace_back(a.name, std::move(v));
    else
      unpacked.insert(v.deps.begin(), v.deps.end());
  }
  auto frame = std::make_shared<Frame>();
  frame->parent = callee.closure;
  size_t next = 0;
  for (const Parameter& p : params) {
    Val v;
    auto keyword = std::find_if(keywords.begin(), keywords.end(),
                                [&](const auto& k) { return k.first == p.name; });
    if (p.kind == ParamKind::var_positional) {
      for (; next < positional.size(); ++next)
        add_deps(v, positional[next].deps);
    } else if (p.kind == ParamKind::var_keyword) {
      for (const auto& [k, kv] : keywords)
        if (std::none_of(params.begin(), params.end(),
                         [&, &k = k](const Parameter& q) { return q.name == k; }))
          add_deps(v, kv.deps);
    } else if (p.kind == ParamKind::positional && next < positional.size()) {
      v = positional[next++];
    } else if (keyword != keywords.end()) {
      v = keyword->second;
    } else if (p.default_value) {
      v = eval(*p.default_value);
    }
    add_deps(v, unpacked);
    frame->vars[p.name] = std::move(v);
  }
  std::swap(frame_, frame);
  call_stack_.push_back(key);
  returns_.emplace_back();
  Val result;
  if (callee.def) {
    exec(callee.def->body);
    if (returns_.back())
      result = *returns_.back();
  } else {
    result = eval(*callee.lambda->body);
  }
  returns_.pop_back();
  call_stack_.pop_back();
  std::swap(frame_, frame);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Sites and plates

std::string StaticPass::site_name(const std::string& primitive, const Call& c) {
  const Expr* name = argument(c, 0, "name");
  if (!name)
    too_dynamic(c.span, primitive + "() without a name");
  const Val v = eval(*name);
  if (!v.string)
    too_dynamic(name->span, "the site name " + text(*name) + " is not a string literal");
  if (!loops_.empty())
    too_dynamic(c.span, "site '" + *v.string + "' is inside a loop (line " +
                            std::to_string(loops_.back().line) + ") that is not a pyro.plate");
  return *v.string;
}

void StaticPass::record(GraphNode node, const Deps& deps) {
  Deps all = deps;
  all.insert(control_.begin(), control_.end());
  for (int p : plate_stack_) {
    const std::string& plate = plates_[static_cast<size_t>(p)].name;
    if (std::find(node.plates.begin(), node.plates.end(), plate) == node.plates.end())
      node.plates.push_back(plate);
  }
  auto it = node_deps_.find(node.name);
  if (it != node_deps_.end()) { // the same site again: another branch, another round
    it->second.insert(all.begin(), all.end());
    return;
  }
  node_deps_[node.name] = all;
  graph_.nodes.push_back(std::move(node));
}

void StaticPass::enter_plate(int plate, bool vectorized) {
  auto& index = plate_index_[static_cast<size_t>(plate)];
  if (index < 0) {
    GraphPlate p = plates_[static_cast<size_t>(plate)];
    p.vectorized = vectorized;
    if (!vectorized) {
      p.dim.reset();
    } else if (!p.dim) { // allocated as the runtime does: the rightmost dim the plates around
                         // it leave free
      std::set<int64_t> used;
      for (int outer : plate_stack_)
        if (auto d =
                graph_.plates[static_cast<size_t>(plate_index_[static_cast<size_t>(outer)])].dim)
          used.insert(*d);
      int64_t dim = -1;
      while (used.count(dim))
        --dim;
      p.dim = dim;
    }
    if (!plate_stack_.empty())
      p.parent = plates_[static_cast<size_t>(plate_stack_.back())].name;
    index = static_cast<int>(graph_.plates.size());
    graph_.plates.push_back(std::move(p));
  }
  plate_stack_.push_back(plate);
}

// The number of items of a value bound from data (or of a tuple the pass knows).
std::optional<int64_t> StaticPass::length(const Val& v) {
  if (!v.elements.empty())
    return static_cast<int64_t>(v.elements.size());
  if (!v.data)
    return std::nullopt;
  if (auto t = v.data->get_if<at::Tensor>())
    return t->dim() > 0 ? std::optional<int64_t>(t->size(0)) : std::nullopt;
  if (auto l = v.data->get_if<ListPtr>())
    return static_cast<int64_t>((*l)->items.size());
  if (auto t = v.data->get_if<TuplePtr>())
    return static_cast<int64_t>((*t)->items.size());
  return std::nullopt;
}

Val StaticPass::eval_primitive(const std::string& q, const Call& c) {
  Deps all;
  if (q == "pyro.sample") {
    const std::string name = site_name(q, c);
    const Expr* fn = argument(c, 1, "fn");
    if (!fn)
      too_dynamic(c.span, "pyro.sample('" + name + "') without a distribution");
    const Val d = eval(*fn);
    GraphNode node;
    node.name = name;
    node.family = d.family;
    node.expression = text(*fn);
    if (d.dist_call) {
      const auto* info = dist::find_family(d.family);
      size_t position = 0;
      for (const auto& a : d.dist_call->args) {
        std::string arg_name = a.name;
        if (a.kind == ArgKind::positional)
          arg_name = info && position < info->arg_names.size() ? info->arg_names[position]
                                                               : std::to_string(position);
        if (a.kind == ArgKind::positional)
          ++position;
        else if (a.kind == ArgKind::unpack)
          arg_name = "*";
        else if (a.kind == ArgKind::unpack_dict)
          arg_name = "**";
        node.args.push_back({arg_name, text(*a.value)});
      }
    }
    for (const auto& a : c.args) {
      if (a.value.get() == fn || a.value.get() == argument(c, 0, "name"))
        continue;
      const Val v = eval(*a.value);
      if (a.kind == ArgKind::keyword && a.name == "obs" && !v.none)
        node.obs = text(*a.value);
    }
    node.kind = node.obs.empty() ? NodeKind::latent : NodeKind::observed;
    node.span = c.span;
    record(std::move(node), d.deps);
    return with_deps({name});
  }
  if (q == "pyro.deterministic" || q == "pyro.factor" || q == "pyro.param") {
    const std::string name = site_name(q, c);
    const Expr* value = q == "pyro.deterministic" ? argument(c, 1, "value")
                        : q == "pyro.factor"      ? argument(c, 1, "log_factor")
                                                  : argument(c, 1, "init_tensor");
    GraphNode node;
    node.name = name;
    node.kind = q == "pyro.deterministic" ? NodeKind::deterministic
                : q == "pyro.factor"      ? NodeKind::factor
                                          : NodeKind::param;
    Val v;
    if (value) {
      v = eval(*value);
      node.expression = text(*value);
      if (v.lambda) { // pyro.param("p", lambda: init)
        auto scope = std::make_shared<Frame>();
        scope->parent = v.closure;
        std::swap(frame_, scope);
        const Val init = eval(*v.lambda->body);
        std::swap(frame_, scope);
        add_deps(v, init.deps);
      }
    }
    for (const auto& a : c.args)
      if (a.value.get() != value && a.value.get() != argument(c, 0, "name"))
        eval(*a.value);
    node.span = c.span;
    record(std::move(node), v.deps);
    return q == "pyro.factor" ? Val{} : with_deps({name});
  }
  if (q == "pyro.module") {
    const std::string name = site_name(q, c);
    const Expr* net = argument(c, 1, "nn_module");
    GraphNode node;
    node.name = name;
    node.kind = NodeKind::module;
    node.span = c.span;
    Val v = net ? eval(*net) : Val{};
    if (net) {
      node.expression = text(*net);
      weak_update(*net, {name}); // what the network computes now depends on its parameters
    }
    record(std::move(node), {});
    add_deps(v, {name});
    return v;
  }
  if (q == "pyro.plate") {
    const Expr* name = argument(c, 0, "name");
    const std::optional<std::string> plate_name = name ? eval(*name).string : std::nullopt;
    if (!plate_name)
      too_dynamic(c.span, "the plate name " + (name ? text(*name) : std::string("(none)")) +
                              " is not a string literal");
    const std::vector<Val> values = eval_args(c, all);
    auto integer_of = [&](const Expr* arg) {
      for (size_t i = 0; i < c.args.size(); ++i)
        if (c.args[i].value.get() == arg)
          return values[i].integer;
      return std::optional<int64_t>();
    };
    auto existing = std::find_if(plates_.begin(), plates_.end(),
                                 [&](const GraphPlate& p) { return p.name == *plate_name; });
    Val v;
    if (existing != plates_.end()) {
      v.plate = static_cast<int>(existing - plates_.begin());
      return v;
    }
    GraphPlate p;
    p.name = *plate_name;
    if (const Expr* size = argument(c, 1, "size")) {
      p.size_text = text(*size);
      p.size = integer_of(size);
    }
    if (const Expr* sub = argument(c, 2, "subsample_size"); sub && !sub->if_kind<NoneLiteral>()) {
      p.subsample_text = text(*sub);
      p.subsample_size = integer_of(sub);
    }
    p.dim = integer_literal(argument(c, 4, "dim"));
    plates_.push_back(std::move(p));
    plate_index_.push_back(-1);
    v.plate = static_cast<int>(plates_.size() - 1);
    return v;
  }
  if (kTransparentWrappers.count(q)) {
    // With a function: that function, still to be called. Without: a context manager.
    const Expr* fn = argument(c, 0, "fn");
    Val v;
    for (const auto& a : c.args)
      if (a.value.get() != fn)
        eval(*a.value);
    if (fn && !fn->if_kind<NoneLiteral>()) {
      v = eval(*fn);
      if (q == "pyro.markov" && !v.is_function())
        v.markov = true; // pyro.markov(range(T)): a loop
      return v;
    }
    v.handler = q != "pyro.markov";
    v.markov = q == "pyro.markov";
    return v;
  }
  if (q.rfind("pyro.poutine.", 0) == 0 || q.rfind("pyro.infer.", 0) == 0)
    too_dynamic(c.span, "the static pass does not follow " + q.substr(5) +
                            "(), which may change the model's sites");
  eval_args(c, all);
  return with_deps(std::move(all)); // pyro.subsample and the like: a function of its arguments
}

ModelGraph StaticPass::run(const std::string& function) {
  auto def = defs_.find(function);
  if (def == defs_.end())
    throw Error(module_.file + " defines no function '" + function + "'");
  // Rebinding the model at module level to anything but a transparent wrapper of itself.
  frame_ = std::make_shared<Frame>();
  bool after = false;
  for (const auto& s : module_.body) {
    if (s.get() == def->second)
      after = true;
    auto a = s->if_kind<Assign>();
    if (!after || !a)
      continue;
    for (const auto& t : a->targets) {
      auto n = t->if_kind<Name>();
      if (!n || n->name != function)
        continue;
      auto c = a->value->if_kind<Call>();
      const Expr* fn = c ? argument(*c, 0, "fn") : nullptr;
      const bool wrapper = c && kTransparentWrappers.count(qualified(*c->func)) && fn &&
                           fn->if_kind<Name>() && fn->as<Name>().name == function;
      if (!wrapper)
        too_dynamic(s->span, function + " is rebound to `" + text(*a->value) + "`");
    }
  }

  graph_.file = module_.file;
  graph_.model = function;
  graph_.origin = GraphOrigin::static_pass;
  for (const Parameter& p : def->second->params) {
    Val v = with_deps({p.name});
    if (data_) {
      auto it = data_->find(p.name);
      if (it != data_->end()) {
        v.data = &it->second;
        if (auto i = it->second.get_if<int64_t>())
          v.integer = *i;
      }
    }
    if (!v.data)
      v.integer = integer_literal(p.default_value.get());
    // With data, an argument it leaves out has its default.
    v.none = v.data ? v.data->is_none()
                    : data_ && p.default_value && p.default_value->if_kind<NoneLiteral>();
    frame_->vars[p.name] = std::move(v);
  }
  call_stack_.push_back(def->second);
  returns_.emplace_back();
  exec(def->second->body);

  // Data nodes: the arguments some site depends on, in parameter order, before the sites.
  Deps used;
  for (const auto& [name, deps] : node_deps_)
    used.insert(deps.begin(), deps.end());
  std::vector<GraphNode> nodes;
  for (const Parameter& p : def->second->params)
    if (used.count(p.name) && !node_deps_.count(p.name)) {
      GraphNode n;
      n.name = p.name;
      n.kind = NodeKind::data;
      n.span = p.span;
      nodes.push_back(std::move(n));
    }
  for (auto& n : graph_.nodes)
    nodes.push_back(std::move(n));
  std::map<std::string, size_t> order;
  for (size_t i = 0; i < nodes.size(); ++i)
    order.emplace(nodes[i].name, i);
  for (auto& n : nodes) {
    if (n.kind == NodeKind::data)
      continue;
    for (const auto& d : node_deps_[n.name])
      if (order.count(d) && d != n.name)
        n.parents.push_back(d);
    std::sort(n.parents.begin(), n.parents.end(),
              [&](const std::string& a, const std::string& b) { return order[a] < order[b]; });
  }
  graph_.nodes = std::move(nodes);
  return graph_;
}

// The pattern of a site name: literals as they are, `*` for what is computed.
std::string StaticPass::name_pattern(const Expr& e) const {
  if (auto s = e.if_kind<String>())
    return s->value;
  if (auto b = e.if_kind<Binary>()) {
    if (b->op == BinaryOp::add)
      return name_pattern(*b->left) + name_pattern(*b->right);
    if (auto s = b->left->if_kind<String>(); s && b->op == BinaryOp::mod) {
      std::string out;
      for (size_t i = 0; i < s->value.size(); ++i) {
        if (s->value[i] != '%' || i + 1 == s->value.size()) {
          out += s->value[i];
        } else if (s->value[i + 1] == '%') {
          out += '%';
          ++i;
        } else {
          out += '*';
          while (i + 1 < s->value.size() &&
                 !std::isalpha(static_cast<unsigned char>(s->value[i + 1])))
            ++i;
          ++i;
        }
      }
      return out;
    }
  }
  if (auto c = e.if_kind<Call>())
    if (auto a = c->func->if_kind<Attribute>())
      if (auto s = a->value->if_kind<String>(); s && a->attr == "format") {
        std::string out;
        for (size_t i = 0; i < s->value.size(); ++i) {
          const char ch = s->value[i];
          if ((ch == '{' || ch == '}') && i + 1 < s->value.size() && s->value[i + 1] == ch) {
            out += ch;
            ++i;
          } else if (ch == '{') {
            out += '*';
            while (i < s->value.size() && s->value[i] != '}')
              ++i;
          } else {
            out += ch;
          }
        }
        return out;
      }
  return "*";
}

std::vector<SiteCall> StaticPass::site_calls(const std::string& function) {
  std::vector<SiteCall> inside, outside;
  auto d = defs_.find(function);
  const Block* body = d == defs_.end() ? nullptr : &d->second->body;
  auto scan = [&](const Block& block, std::vector<SiteCall>& out) {
    visit(block, [&](const Expr& e, const Expr*) {
      auto c = e.if_kind<Call>();
      if (!c || !kSitePrimitives.count(qualified(*c->func)))
        return;
      const Expr* name = argument(*c, 0, "name");
      if (!name)
        return;
      std::string pattern;
      for (char ch : name_pattern(*name)) // runs of `*` are one
        if (ch != '*' || pattern.empty() || pattern.back() != '*')
          pattern += ch;
      if (pattern != "*")
        out.push_back({pattern, c->span});
    });
  };
  frame_ = std::make_shared<Frame>();
  for (const auto& s : module_.body) {
    if (auto def = s->if_kind<FunctionDef>())
      scan(def->body, &def->body == body ? inside : outside);
  }
  inside.insert(inside.end(), outside.begin(), outside.end());
  return inside;
}

} // namespace

std::vector<SiteCall> site_calls(const Module& module, const Source& source,
                                 const std::string& function) {
  return StaticPass(module, source, nullptr).site_calls(function);
}

bool name_matches(const std::string& pattern, const std::string& name) {
  // Glob matching with one backtrack point: the last `*` seen.
  size_t p = 0, n = 0, star = std::string::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*')
    ++p;
  return p == pattern.size();
}

StaticGraphResult static_graph(const Module& module, const Source& source,
                               const std::string& function, const DataMap* data) {
  StaticGraphResult result;
  try {
    result.graph = StaticPass(module, source, data).run(function);
  } catch (const TooDynamic& e) {
    result.reason = e.reason;
  }
  return result;
}

} // namespace kiln::lang
