#include "core/lang/bindings.h"

namespace kiln::lang {

void collect_target_bindings(const Expr& target, BindingKind kind, const Stmt* stmt,
                             Bindings& out) {
  if (const auto* n = target.if_kind<Name>()) {
    out[n->name].push_back({kind, n->span, stmt, nullptr});
  } else if (const auto* t = target.if_kind<Tuple>()) {
    for (const ExprPtr& e : t->elements)
      collect_target_bindings(*e, kind, stmt, out);
  } else if (const auto* l = target.if_kind<List>()) {
    for (const ExprPtr& e : l->elements)
      collect_target_bindings(*e, kind, stmt, out);
  }
}

void collect_parameter_bindings(const std::vector<Parameter>& params, Bindings& out) {
  for (const Parameter& p : params)
    out[p.name].push_back({BindingKind::parameter, p.span, nullptr, nullptr});
}

void collect_bindings(const Block& body, Bindings& out) {
  for (const StmtPtr& stmt : body) {
    const Stmt* s = stmt.get();
    switch (s->kind) {
    case StmtKind::assign:
      for (const ExprPtr& target : s->as<Assign>().targets)
        collect_target_bindings(*target, BindingKind::assignment, s, out);
      break;
    case StmtKind::aug_assign:
      collect_target_bindings(*s->as<AugAssign>().target, BindingKind::assignment, s, out);
      break;
    case StmtKind::ann_assign:
      collect_target_bindings(*s->as<AnnAssign>().target, BindingKind::assignment, s, out);
      break;
    case StmtKind::for_:
      collect_target_bindings(*s->as<For>().target, BindingKind::loop_target, s, out);
      collect_bindings(s->as<For>().body, out);
      break;
    case StmtKind::while_:
      collect_bindings(s->as<While>().body, out);
      break;
    case StmtKind::if_:
      collect_bindings(s->as<If>().body, out);
      collect_bindings(s->as<If>().orelse, out);
      break;
    case StmtKind::with:
      for (const WithItem& item : s->as<With>().items)
        if (item.target)
          collect_target_bindings(*item.target, BindingKind::with_target, s, out);
      collect_bindings(s->as<With>().body, out);
      break;
    case StmtKind::function_def: {
      const auto& def = s->as<FunctionDef>();
      out[def.name].push_back({BindingKind::function_def, def.name_span, s, nullptr});
      break;
    }
    case StmtKind::import:
      for (const Alias& alias : s->as<Import>().names) {
        const std::string bound =
            alias.as_name.empty() ? alias.name.substr(0, alias.name.find('.')) : alias.as_name;
        out[bound].push_back({BindingKind::import, alias.span, s, &alias});
      }
      break;
    case StmtKind::import_from:
      for (const Alias& alias : s->as<ImportFrom>().names)
        out[alias.as_name.empty() ? alias.name : alias.as_name].push_back(
            {BindingKind::import, alias.span, s, &alias});
      break;
    default:
      break;
    }
  }
}

} // namespace kiln::lang
