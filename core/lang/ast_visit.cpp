#include "core/lang/ast_visit.h"

namespace kiln::lang {

namespace {

void visit_comprehensions(const std::vector<Comprehension>& gens, const Expr& e,
                          const ExprVisitor& f) {
  for (const auto& g : gens) {
    visit(*g.target, &e, f);
    visit(*g.iter, &e, f);
    for (const auto& c : g.conditions)
      visit(*c, &e, f);
  }
}

} // namespace

void visit(const Expr& e, const Expr* parent, const ExprVisitor& f) {
  f(e, parent);
  auto sub = [&](const ExprPtr& c) {
    if (c)
      visit(*c, &e, f);
  };
  switch (e.kind) {
  case ExprKind::formatted_string:
    for (const auto& part : e.as<FormattedString>().parts)
      sub(part.value);
    break;
  case ExprKind::list:
    for (const auto& x : e.as<List>().elements)
      sub(x);
    break;
  case ExprKind::tuple:
    for (const auto& x : e.as<Tuple>().elements)
      sub(x);
    break;
  case ExprKind::set:
    for (const auto& x : e.as<Set>().elements)
      sub(x);
    break;
  case ExprKind::dict:
    for (const auto& item : e.as<Dict>().items) {
      sub(item.key);
      sub(item.value);
    }
    break;
  case ExprKind::unary:
    sub(e.as<Unary>().operand);
    break;
  case ExprKind::binary:
    sub(e.as<Binary>().left);
    sub(e.as<Binary>().right);
    break;
  case ExprKind::compare:
    sub(e.as<Compare>().left);
    for (const auto& x : e.as<Compare>().comparators)
      sub(x);
    break;
  case ExprKind::conditional:
    sub(e.as<Conditional>().test);
    sub(e.as<Conditional>().body);
    sub(e.as<Conditional>().orelse);
    break;
  case ExprKind::lambda:
    for (const auto& p : e.as<Lambda>().params)
      sub(p.default_value);
    sub(e.as<Lambda>().body);
    break;
  case ExprKind::call:
    sub(e.as<Call>().func);
    for (const auto& a : e.as<Call>().args)
      sub(a.value);
    break;
  case ExprKind::attribute:
    sub(e.as<Attribute>().value);
    break;
  case ExprKind::subscript:
    sub(e.as<Subscript>().value);
    sub(e.as<Subscript>().index);
    break;
  case ExprKind::slice:
    sub(e.as<Slice>().lower);
    sub(e.as<Slice>().upper);
    sub(e.as<Slice>().step);
    break;
  case ExprKind::list_comp:
    sub(e.as<ListComp>().element);
    visit_comprehensions(e.as<ListComp>().generators, e, f);
    break;
  case ExprKind::set_comp:
    sub(e.as<SetComp>().element);
    visit_comprehensions(e.as<SetComp>().generators, e, f);
    break;
  case ExprKind::dict_comp:
    sub(e.as<DictComp>().key);
    sub(e.as<DictComp>().value);
    visit_comprehensions(e.as<DictComp>().generators, e, f);
    break;
  case ExprKind::generator:
    sub(e.as<Generator>().element);
    visit_comprehensions(e.as<Generator>().generators, e, f);
    break;
  default:
    break;
  }
}

void visit(const Block& block, const ExprVisitor& f) {
  auto sub = [&](const ExprPtr& c) {
    if (c)
      visit(*c, nullptr, f);
  };
  for (const auto& s : block) {
    switch (s->kind) {
    case StmtKind::function_def:
      for (const auto& d : s->as<FunctionDef>().decorators)
        sub(d);
      for (const auto& p : s->as<FunctionDef>().params)
        sub(p.default_value);
      visit(s->as<FunctionDef>().body, f);
      break;
    case StmtKind::return_:
      sub(s->as<Return>().value);
      break;
    case StmtKind::if_:
      sub(s->as<If>().test);
      visit(s->as<If>().body, f);
      visit(s->as<If>().orelse, f);
      break;
    case StmtKind::for_:
      sub(s->as<For>().target);
      sub(s->as<For>().iter);
      visit(s->as<For>().body, f);
      break;
    case StmtKind::while_:
      sub(s->as<While>().test);
      visit(s->as<While>().body, f);
      break;
    case StmtKind::with:
      for (const auto& item : s->as<With>().items) {
        sub(item.context);
        sub(item.target);
      }
      visit(s->as<With>().body, f);
      break;
    case StmtKind::assign:
      for (const auto& t : s->as<Assign>().targets)
        sub(t);
      sub(s->as<Assign>().value);
      break;
    case StmtKind::aug_assign:
      sub(s->as<AugAssign>().target);
      sub(s->as<AugAssign>().value);
      break;
    case StmtKind::ann_assign:
      sub(s->as<AnnAssign>().target);
      sub(s->as<AnnAssign>().value);
      break;
    case StmtKind::assert_:
      sub(s->as<Assert>().test);
      sub(s->as<Assert>().message);
      break;
    case StmtKind::expr:
      sub(s->as<ExprStmt>().value);
      break;
    default:
      break;
    }
  }
}

} // namespace kiln::lang
