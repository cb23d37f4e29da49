#include "core/lang/checker.h"

#include <functional>
#include <map>
#include <set>

#include "core/dist/registry.h"
#include "core/lang/bindings.h"
#include "core/lang/call_check.h"
#include "core/lang/modules.h"
#include "core/lang/suggest.h"

namespace kiln::lang {

namespace {

// What an expression is known to be before the model runs; most are unknown.
struct Known {
  enum class Kind { unknown, module, object, family, function };
  Kind kind = Kind::unknown;
  NamespacePtr module;                      // module: torch, pyro.distributions
  ObjectPtr object;                         // object: a builtin or another object of a module
  const dist::FamilyInfo* family = nullptr; // family: dist.Normal
  const FunctionDef* def = nullptr;         // function: a def of this file

  bool same(const Known& o) const {
    return kind == o.kind && module == o.module && object == o.object && family == o.family &&
           def == o.def;
  }
};

Known known_module(NamespacePtr ns) {
  Known k;
  k.kind = Known::Kind::module;
  k.module = std::move(ns);
  return k;
}

// The attribute `name` of module `ns`, whose value is `value`.
Known known_member(const Namespace& ns, const std::string& name, const Value& value) {
  Known k;
  const auto* o = value.get_if<ObjectPtr>();
  if (!o)
    return k; // a constant (math.pi): nothing to check
  if (auto sub = std::dynamic_pointer_cast<Namespace>(*o))
    return known_module(std::move(sub));
  if (ns.name() == "pyro.distributions")
    if (const dist::FamilyInfo* family = dist::find_family(name)) {
      k.kind = Known::Kind::family;
      k.family = family;
      return k;
    }
  k.kind = Known::Kind::object;
  k.object = *o;
  return k;
}

// `from module import name` finds attributes, and submodules not yet imported.
bool import_member(const NamespacePtr& ns, const std::string& name, Known& out) {
  Value v;
  if (ns->get_attribute(name, v)) {
    out = known_member(*ns, name, v);
    return true;
  }
  if (NamespacePtr sub = find_module(ns->name() + "." + name)) {
    out = known_module(std::move(sub));
    return true;
  }
  return false;
}

// What an import binds, or unknown when the import fails (the walk reports that).
Known import_known(const Stmt& stmt, const Alias& alias) {
  if (stmt.kind == StmtKind::import) {
    if (!find_module(alias.name))
      return {};
    NamespacePtr ns = find_module(alias.as_name.empty() ? alias.name.substr(0, alias.name.find('.'))
                                                        : alias.name);
    return ns ? known_module(ns) : Known{};
  }
  Known k;
  if (NamespacePtr ns = find_module(stmt.as<ImportFrom>().module))
    import_member(ns, alias.name, k);
  return k;
}

// A function of one of Kiln's modules, to recognise calls of it by identity.
ObjectPtr module_function(const char* module, const char* name) {
  Value v;
  find_module(module)->get_attribute(name, v);
  return v.get<ObjectPtr>();
}

std::string did_you_mean(const std::string& hint) {
  return hint.empty() ? "" : "did you mean '" + hint + "'?";
}

// Whether control never runs past the end of a block.
bool terminates(const Block& block) {
  if (block.empty())
    return false;
  const Stmt& last = *block.back();
  switch (last.kind) {
  case StmtKind::return_:
  case StmtKind::break_:
  case StmtKind::continue_:
    return true;
  case StmtKind::if_:
    return terminates(last.as<If>().body) && terminates(last.as<If>().orelse);
  default:
    return false;
  }
}

enum class ScopeKind { module, function, lambda, comprehension };

struct CheckScope {
  ScopeKind kind = ScopeKind::module;
  CheckScope* parent = nullptr;
  Bindings bindings;
  // Names whose every binding gives the same known thing: imports, and defs bound once.
  std::map<std::string, Known> known;
};

// Site names sampled so far on the way through one function body, with their lines.
using SiteLines = std::map<std::string, uint32_t>;

class Checker {
public:
  Checker(const Source& source, DiagnosticSink& sink)
      : source_(source), sink_(sink), sample_(module_function("pyro", "sample")),
        deterministic_(module_function("pyro", "deterministic")),
        factor_(module_function("pyro", "factor")), plate_(module_function("pyro", "plate")),
        block_(module_function("pyro.poutine", "block")) {}

  void run(const Module& module) {
    CheckScope scope;
    collect_bindings(module.body, scope.bindings);
    enter(scope);
    SiteLines sites;
    sites_ = &sites;
    function_ = "the module";
    walk_block(module.body);
    current_ = nullptr;
  }

private:
  void enter(CheckScope& scope) {
    for (const auto& [name, bindings] : scope.bindings) {
      Known k;
      bool first = true;
      for (const Binding& b : bindings) {
        Known one;
        if (b.kind == BindingKind::import) {
          one = import_known(*b.stmt, *b.alias);
        } else if (b.kind == BindingKind::function_def && bindings.size() == 1 &&
                   b.stmt->as<FunctionDef>().decorators.empty()) {
          // A decorated def is whatever its decorators return: its signature is not known.
          one.kind = Known::Kind::function;
          one.def = &b.stmt->as<FunctionDef>();
        }
        if (one.kind == Known::Kind::unknown || (!first && !one.same(k))) {
          k = Known{};
          break;
        }
        k = one;
        first = false;
      }
      if (k.kind != Known::Kind::unknown)
        scope.known[name] = k;
    }
    scope.parent = current_;
    current_ = &scope;
  }

  // ------------------------------------------------------------------------------------------
  // Statements

  void walk_block(const Block& block) {
    for (const StmtPtr& s : block)
      walk(*s);
  }

  void walk(const Stmt& stmt) {
    switch (stmt.kind) {
    case StmtKind::import:
      for (const Alias& alias : stmt.as<Import>().names)
        check_import(alias);
      break;
    case StmtKind::import_from:
      check_import_from(stmt.as<ImportFrom>());
      break;
    case StmtKind::function_def:
      walk_def(stmt.as<FunctionDef>());
      break;
    case StmtKind::return_:
      if (const auto& v = stmt.as<Return>().value)
        visit(*v);
      break;
    case StmtKind::if_:
      walk_if(stmt.as<If>());
      break;
    case StmtKind::for_: {
      const auto& s = stmt.as<For>();
      visit(*s.iter);
      store(*s.target);
      walk_loop(s.body);
      break;
    }
    case StmtKind::while_: {
      const auto& s = stmt.as<While>();
      assume_assigned(s.body);
      visit(*s.test);
      walk_loop(s.body);
      break;
    }
    case StmtKind::with: {
      const auto& s = stmt.as<With>();
      bool blocks = false;
      for (const WithItem& item : s.items) {
        if (const auto* call = item.context->if_kind<Call>()) {
          Known callee = visit_call(*call);
          blocks |= callee.kind == Known::Kind::object && callee.object == block_;
        } else {
          visit(*item.context);
        }
        if (item.target)
          store(*item.target);
      }
      // Sites under poutine.block are hidden from the traces around it: their names may repeat.
      loop_depth_ += blocks;
      walk_block(s.body);
      loop_depth_ -= blocks;
      break;
    }
    case StmtKind::assign: {
      const auto& s = stmt.as<Assign>();
      visit(*s.value);
      for (const ExprPtr& target : s.targets)
        store(*target);
      break;
    }
    case StmtKind::aug_assign: {
      const auto& s = stmt.as<AugAssign>();
      visit(*s.target);
      visit(*s.value);
      store(*s.target);
      break;
    }
    case StmtKind::ann_assign: {
      const auto& s = stmt.as<AnnAssign>();
      if (s.value) {
        visit(*s.value);
        store(*s.target);
      }
      break;
    }
    case StmtKind::assert_: {
      const auto& s = stmt.as<Assert>();
      visit(*s.test);
      if (s.message)
        visit(*s.message);
      break;
    }
    case StmtKind::expr:
      walk_expression_statement(*stmt.as<ExprStmt>().value);
      break;
    case StmtKind::break_:
    case StmtKind::continue_:
    case StmtKind::pass:
      break;
    }
  }

  void walk_def(const FunctionDef& def) {
    for (const ExprPtr& d : def.decorators)
      visit(*d);
    for (const Parameter& p : def.params)
      if (p.default_value)
        visit(*p.default_value);
    CheckScope scope;
    scope.kind = ScopeKind::function;
    collect_parameter_bindings(def.params, scope.bindings);
    collect_bindings(def.body, scope.bindings);
    SiteLines sites;
    Saved saved(*this);
    enter(scope);
    sites_ = &sites;
    loop_depth_ = 0;
    ++deferred_;
    function_ = def.name + "()";
    walk_block(def.body);
    saved.restore();
    mark_assigned(def.name);
  }

  // Branches are alternatives: a site sampled in the body and again in the else branch is one
  // site; sampled before the if and again in a branch, it is two.
  void walk_if(const If& s) {
    visit(*s.test);
    const SiteLines before = *sites_;
    walk_block(s.body);
    const SiteLines after_body = *sites_;
    *sites_ = before;
    walk_block(s.orelse);
    const bool body_ends = terminates(s.body), else_ends = terminates(s.orelse);
    if (body_ends && !else_ends)
      return; // only the else branch continues
    if (else_ends)
      *sites_ = before;
    if (!body_ends)
      sites_->insert(after_body.begin(), after_body.end());
  }

  // Loops repeat their sites by design (Pyro names them per step); a name assigned in the body
  // may have been assigned by an earlier iteration.
  void walk_loop(const Block& body) {
    assume_assigned(body);
    ++loop_depth_;
    walk_block(body);
    --loop_depth_;
  }

  void walk_expression_statement(const Expr& e) {
    const auto* call = e.if_kind<Call>();
    if (!call) {
      visit(e);
      return;
    }
    Known callee = visit_call(*call);
    if (callee.kind == Known::Kind::family)
      sink_.warning(source_, call->span,
                    callee.family->name + "(...) builds a distribution that nothing uses",
                    "did you mean pyro.sample(\"name\", " + callee.family->name + "(...))?");
    else if (callee.kind == Known::Kind::object && callee.object == plate_)
      sink_.warning(source_, call->span, "pyro.plate(...) has no effect as a statement",
                    "use it as 'with pyro.plate(...):' or 'for i in pyro.plate(...):'");
  }

  // ------------------------------------------------------------------------------------------
  // Imports

  void check_import(const Alias& alias) {
    if (!find_module(alias.name))
      report_unknown_module(alias.name, alias.span);
    mark_assigned(alias.as_name.empty() ? alias.name.substr(0, alias.name.find('.'))
                                        : alias.as_name);
  }

  void check_import_from(const ImportFrom& s) {
    NamespacePtr ns = find_module(s.module);
    if (!ns)
      report_unknown_module(s.module, s.span);
    for (const Alias& alias : s.names) {
      Known ignored;
      if (ns && !import_member(ns, alias.name, ignored))
        sink_.error(source_, alias.span,
                    "cannot import name '" + alias.name + "' from '" + s.module + "'",
                    did_you_mean(closest_name(alias.name, ns->names())));
      mark_assigned(alias.as_name.empty() ? alias.name : alias.as_name);
    }
  }

  void report_unknown_module(const std::string& name, Span span) {
    sink_.error(source_, span, "no module named '" + name + "' in Kiln models",
                did_you_mean(closest_name(name, module_names())));
  }

  // ------------------------------------------------------------------------------------------
  // Module-level order: a name read before the statement that assigns it

  void mark_assigned(const std::string& name) {
    if (current_->kind == ScopeKind::module)
      assigned_.insert(name);
  }

  void assume_assigned(const Block& body) {
    if (current_->kind != ScopeKind::module)
      return;
    Bindings names;
    collect_bindings(body, names);
    for (const auto& [name, _] : names)
      assigned_.insert(name);
  }

  // ------------------------------------------------------------------------------------------
  // Expressions

  // Assignment targets: names are bound, the rest of a target is read.
  void store(const Expr& target) {
    switch (target.kind) {
    case ExprKind::name:
      mark_assigned(target.as<Name>().name);
      break;
    case ExprKind::tuple:
      for (const ExprPtr& e : target.as<Tuple>().elements)
        store(*e);
      break;
    case ExprKind::list:
      for (const ExprPtr& e : target.as<List>().elements)
        store(*e);
      break;
    default:
      visit(target);
      break;
    }
  }

  Known visit(const Expr& e) {
    switch (e.kind) {
    case ExprKind::name:
      return visit_name(e.as<Name>());
    case ExprKind::attribute:
      return visit_attribute(e.as<Attribute>());
    case ExprKind::call:
      visit_call(e.as<Call>());
      return {};
    case ExprKind::list:
      visit_all(e.as<List>().elements);
      return {};
    case ExprKind::tuple:
      visit_all(e.as<Tuple>().elements);
      return {};
    case ExprKind::set:
      visit_all(e.as<Set>().elements);
      return {};
    case ExprKind::dict:
      for (const DictItem& item : e.as<Dict>().items) {
        if (item.key)
          visit(*item.key);
        visit(*item.value);
      }
      return {};
    case ExprKind::unary:
      visit(*e.as<Unary>().operand);
      return {};
    case ExprKind::binary:
      visit(*e.as<Binary>().left);
      visit(*e.as<Binary>().right);
      return {};
    case ExprKind::compare:
      visit(*e.as<Compare>().left);
      visit_all(e.as<Compare>().comparators);
      return {};
    case ExprKind::conditional:
      visit(*e.as<Conditional>().test);
      visit(*e.as<Conditional>().body);
      visit(*e.as<Conditional>().orelse);
      return {};
    case ExprKind::lambda:
      visit_lambda(e.as<Lambda>());
      return {};
    case ExprKind::subscript:
      visit(*e.as<Subscript>().value);
      visit(*e.as<Subscript>().index);
      return {};
    case ExprKind::slice: {
      const auto& s = e.as<Slice>();
      for (const Expr* part : {s.lower.get(), s.upper.get(), s.step.get()})
        if (part)
          visit(*part);
      return {};
    }
    case ExprKind::list_comp: {
      const auto& c = e.as<ListComp>();
      visit_comprehension(c.generators, [&] { visit(*c.element); });
      return {};
    }
    case ExprKind::set_comp: {
      const auto& c = e.as<SetComp>();
      visit_comprehension(c.generators, [&] { visit(*c.element); });
      return {};
    }
    case ExprKind::generator: {
      const auto& c = e.as<Generator>();
      visit_comprehension(c.generators, [&] { visit(*c.element); });
      return {};
    }
    case ExprKind::dict_comp: {
      const auto& c = e.as<DictComp>();
      visit_comprehension(c.generators, [&] {
        visit(*c.key);
        visit(*c.value);
      });
      return {};
    }
    case ExprKind::formatted_string:
      for (const auto& part : e.as<FormattedString>().parts)
        if (part.value)
          visit(*part.value);
      return {};
    case ExprKind::integer:
    case ExprKind::floating:
    case ExprKind::string:
    case ExprKind::boolean:
    case ExprKind::none:
    case ExprKind::ellipsis:
    case ExprKind::error:
      return {};
    }
    return {};
  }

  void visit_all(const std::vector<ExprPtr>& exprs) {
    for (const ExprPtr& e : exprs)
      visit(*e);
  }

  Known visit_name(const Name& n) {
    for (const CheckScope* s = current_; s; s = s->parent) {
      if (!s->bindings.count(n.name))
        continue;
      if (s->kind == ScopeKind::module && deferred_ == 0 && !assigned_.count(n.name))
        warn_read_before_assignment(n, s->bindings.at(n.name).front());
      auto k = s->known.find(n.name);
      return k == s->known.end() ? Known{} : k->second;
    }
    Value v;
    if (python_builtins().get_attribute(n.name, v))
      return known_member(python_builtins(), n.name, v);
    std::vector<std::string> visible = python_builtins().names();
    for (const CheckScope* s = current_; s; s = s->parent)
      for (const auto& [name, _] : s->bindings)
        visible.push_back(name);
    sink_.error(source_, n.span, "name '" + n.name + "' is not defined",
                did_you_mean(closest_name(n.name, visible)));
    return {};
  }

  void warn_read_before_assignment(const Name& n, const Binding& first) {
    Value builtin;
    if (python_builtins().get_attribute(n.name, builtin))
      return; // Python reads the builtin of that name until then
    sink_.warning(source_, n.span,
                  "'" + n.name + "' is used before it is assigned (on line " +
                      std::to_string(first.span.line) + ")",
                  "module-level statements run in order: move the assignment up");
  }

  Known visit_attribute(const Attribute& a) {
    Known base = visit(*a.value);
    if (base.kind != Known::Kind::module)
      return {};
    Value v;
    if (base.module->get_attribute(a.attr, v))
      return known_member(*base.module, a.attr, v);
    sink_.error(source_, a.attr_span,
                "module '" + base.module->name() + "' has no attribute '" + a.attr + "'",
                did_you_mean(closest_name(a.attr, base.module->names())));
    return {};
  }

  // Returns what the callee is known to be.
  Known visit_call(const Call& call) {
    Known callee = visit(*call.func);
    for (const Argument& a : call.args)
      visit(*a.value);
    switch (callee.kind) {
    case Known::Kind::family:
      check_call(call, family_signature(*callee.family), source_, sink_);
      break;
    case Known::Kind::function:
      check_call(call, def_signature(*callee.def), source_, sink_);
      break;
    case Known::Kind::object:
      if (const auto* builtin = dynamic_cast<const Builtin*>(callee.object.get()))
        check_call(call, builtin_signature(builtin->signature()), source_, sink_);
      check_site(call, callee.object);
      break;
    default:
      break;
    }
    return callee;
  }

  void check_site(const Call& call, const ObjectPtr& fn) {
    if (fn != sample_ && fn != deterministic_ && fn != factor_)
      return;
    const Expr* name = nullptr;
    size_t positional = 0;
    for (const Argument& a : call.args) {
      if (a.kind == ArgKind::positional && positional++ == 0)
        name = a.value.get();
      else if (a.kind == ArgKind::keyword && a.name == "name")
        name = a.value.get();
      if (fn == sample_ && a.kind == ArgKind::positional && positional == 3)
        sink_.warning(source_, a.span,
                      "pyro.sample() does not take an observation by position: this argument "
                      "is not observed",
                      "pass it as obs=...");
    }
    const auto* literal = name ? name->if_kind<String>() : nullptr;
    if (!literal || loop_depth_ > 0)
      return;
    auto [it, inserted] = sites_->emplace(literal->value, literal->span.line);
    if (!inserted)
      sink_.warning(source_, literal->span,
                    "site '" + literal->value + "' is recorded twice in " + function_ +
                        " (first on line " + std::to_string(it->second) +
                        "); Pyro stops at the second site of the same name",
                    "give each site a name of its own");
  }

  void visit_lambda(const Lambda& lambda) {
    for (const Parameter& p : lambda.params)
      if (p.default_value)
        visit(*p.default_value);
    CheckScope scope;
    scope.kind = ScopeKind::lambda;
    collect_parameter_bindings(lambda.params, scope.bindings);
    Saved saved(*this);
    enter(scope);
    ++loop_depth_; // a lambda may run any number of times
    ++deferred_;
    visit(*lambda.body);
    saved.restore();
  }

  // The first iterable is evaluated outside, the rest inside the comprehension's own scope.
  void visit_comprehension(const std::vector<Comprehension>& generators,
                           const std::function<void()>& elements) {
    if (generators.empty())
      return elements();
    visit(*generators.front().iter);
    CheckScope scope;
    scope.kind = ScopeKind::comprehension;
    for (const Comprehension& g : generators)
      collect_target_bindings(*g.target, BindingKind::loop_target, nullptr, scope.bindings);
    Saved saved(*this);
    enter(scope);
    ++loop_depth_;
    for (size_t i = 0; i < generators.size(); ++i) {
      if (i > 0)
        visit(*generators[i].iter);
      store(*generators[i].target);
      visit_all(generators[i].conditions);
    }
    elements();
    saved.restore();
  }

  // The walk's position, put back when a nested scope ends.
  struct Saved {
    explicit Saved(Checker& c)
        : checker(c), scope(c.current_), sites(c.sites_), loop_depth(c.loop_depth_),
          deferred(c.deferred_), function(c.function_) {}
    void restore() {
      checker.current_ = scope;
      checker.sites_ = sites;
      checker.loop_depth_ = loop_depth;
      checker.deferred_ = deferred;
      checker.function_ = function;
    }
    Checker& checker;
    CheckScope* scope;
    SiteLines* sites;
    int loop_depth;
    int deferred;
    std::string function;
  };

  const Source& source_;
  DiagnosticSink& sink_;
  const ObjectPtr sample_, deterministic_, factor_, plate_, block_;

  CheckScope* current_ = nullptr;
  SiteLines* sites_ = nullptr;
  // Loops, comprehensions, lambdas and poutine.block scopes around the walk in this function:
  // where a literal site name may repeat.
  int loop_depth_ = 0;
  int deferred_ = 0; // function and lambda bodies around the walk: they run later
  std::string function_;
  std::set<std::string> assigned_; // module-level names assigned so far
};

} // namespace

void check_module(const Module& module, const Source& source, DiagnosticSink& sink) {
  Checker(source, sink).run(module);
}

} // namespace kiln::lang
