#include "core/lang/ast.h"

namespace kiln::lang {

const String* docstring(const Block& body) {
  if (body.empty())
    return nullptr;
  const auto* statement = body.front()->if_kind<ExprStmt>();
  if (!statement)
    return nullptr;
  const auto* text = statement->value->if_kind<String>();
  return text && !text->bytes ? text : nullptr;
}

const char* unary_op_spelling(UnaryOp op) {
  switch (op) {
  case UnaryOp::negate:
    return "-";
  case UnaryOp::plus:
    return "+";
  case UnaryOp::invert:
    return "~";
  case UnaryOp::not_:
    return "not";
  }
  return "?";
}

const char* binary_op_spelling(BinaryOp op) {
  switch (op) {
  case BinaryOp::or_:
    return "or";
  case BinaryOp::and_:
    return "and";
  case BinaryOp::bit_or:
    return "|";
  case BinaryOp::bit_xor:
    return "^";
  case BinaryOp::bit_and:
    return "&";
  case BinaryOp::lshift:
    return "<<";
  case BinaryOp::rshift:
    return ">>";
  case BinaryOp::add:
    return "+";
  case BinaryOp::sub:
    return "-";
  case BinaryOp::mul:
    return "*";
  case BinaryOp::matmul:
    return "@";
  case BinaryOp::div:
    return "/";
  case BinaryOp::floor_div:
    return "//";
  case BinaryOp::mod:
    return "%";
  case BinaryOp::pow:
    return "**";
  }
  return "?";
}

const char* compare_op_spelling(CompareOp op) {
  switch (op) {
  case CompareOp::lt:
    return "<";
  case CompareOp::gt:
    return ">";
  case CompareOp::le:
    return "<=";
  case CompareOp::ge:
    return ">=";
  case CompareOp::eq:
    return "==";
  case CompareOp::ne:
    return "!=";
  case CompareOp::in:
    return "in";
  case CompareOp::not_in:
    return "not in";
  case CompareOp::is:
    return "is";
  case CompareOp::is_not:
    return "is not";
  }
  return "?";
}

namespace {

bool equal_opt(const ExprPtr& a, const ExprPtr& b) {
  if (!a || !b)
    return !a && !b;
  return equal(*a, *b);
}

bool equal_all(const std::vector<ExprPtr>& a, const std::vector<ExprPtr>& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!equal(*a[i], *b[i]))
      return false;
  return true;
}

bool equal_block(const Block& a, const Block& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!equal(*a[i], *b[i]))
      return false;
  return true;
}

bool equal_params(const std::vector<Parameter>& a, const std::vector<Parameter>& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].kind != b[i].kind || a[i].name != b[i].name ||
        !equal_opt(a[i].annotation, b[i].annotation) ||
        !equal_opt(a[i].default_value, b[i].default_value))
      return false;
  return true;
}

bool equal_generators(const std::vector<Comprehension>& a, const std::vector<Comprehension>& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!equal(*a[i].target, *b[i].target) || !equal(*a[i].iter, *b[i].iter) ||
        !equal_all(a[i].conditions, b[i].conditions))
      return false;
  return true;
}

bool equal_aliases(const std::vector<Alias>& a, const std::vector<Alias>& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].as_name != b[i].as_name)
      return false;
  return true;
}

} // namespace

bool equal(const Expr& a, const Expr& b) {
  if (a.kind != b.kind)
    return false;
  switch (a.kind) {
  case ExprKind::name:
    return a.as<Name>().name == b.as<Name>().name;
  case ExprKind::integer:
    return a.as<Integer>().spelling == b.as<Integer>().spelling;
  case ExprKind::floating:
    return a.as<Floating>().spelling == b.as<Floating>().spelling;
  case ExprKind::string:
    return a.as<String>().value == b.as<String>().value &&
           a.as<String>().bytes == b.as<String>().bytes;
  case ExprKind::formatted_string: {
    const auto& x = a.as<FormattedString>().parts;
    const auto& y = b.as<FormattedString>().parts;
    if (x.size() != y.size())
      return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (x[i].literal != y[i].literal || !equal_opt(x[i].value, y[i].value) ||
          x[i].conversion != y[i].conversion || x[i].format_spec != y[i].format_spec)
        return false;
    return true;
  }
  case ExprKind::boolean:
    return a.as<Boolean>().value == b.as<Boolean>().value;
  case ExprKind::none:
  case ExprKind::ellipsis:
  case ExprKind::error:
    return true;
  case ExprKind::list:
    return equal_all(a.as<List>().elements, b.as<List>().elements);
  case ExprKind::tuple:
    return equal_all(a.as<Tuple>().elements, b.as<Tuple>().elements);
  case ExprKind::set:
    return equal_all(a.as<Set>().elements, b.as<Set>().elements);
  case ExprKind::dict: {
    const auto& x = a.as<Dict>().items;
    const auto& y = b.as<Dict>().items;
    if (x.size() != y.size())
      return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (!equal_opt(x[i].key, y[i].key) || !equal(*x[i].value, *y[i].value))
        return false;
    return true;
  }
  case ExprKind::unary:
    return a.as<Unary>().op == b.as<Unary>().op &&
           equal(*a.as<Unary>().operand, *b.as<Unary>().operand);
  case ExprKind::binary: {
    const auto& x = a.as<Binary>();
    const auto& y = b.as<Binary>();
    return x.op == y.op && equal(*x.left, *y.left) && equal(*x.right, *y.right);
  }
  case ExprKind::compare: {
    const auto& x = a.as<Compare>();
    const auto& y = b.as<Compare>();
    return x.ops == y.ops && equal(*x.left, *y.left) && equal_all(x.comparators, y.comparators);
  }
  case ExprKind::conditional: {
    const auto& x = a.as<Conditional>();
    const auto& y = b.as<Conditional>();
    return equal(*x.test, *y.test) && equal(*x.body, *y.body) && equal(*x.orelse, *y.orelse);
  }
  case ExprKind::lambda:
    return equal_params(a.as<Lambda>().params, b.as<Lambda>().params) &&
           equal(*a.as<Lambda>().body, *b.as<Lambda>().body);
  case ExprKind::call: {
    const auto& x = a.as<Call>();
    const auto& y = b.as<Call>();
    if (!equal(*x.func, *y.func) || x.args.size() != y.args.size())
      return false;
    for (size_t i = 0; i < x.args.size(); ++i)
      if (x.args[i].kind != y.args[i].kind || x.args[i].name != y.args[i].name ||
          !equal(*x.args[i].value, *y.args[i].value))
        return false;
    return true;
  }
  case ExprKind::attribute:
    return a.as<Attribute>().attr == b.as<Attribute>().attr &&
           equal(*a.as<Attribute>().value, *b.as<Attribute>().value);
  case ExprKind::subscript:
    return equal(*a.as<Subscript>().value, *b.as<Subscript>().value) &&
           equal(*a.as<Subscript>().index, *b.as<Subscript>().index);
  case ExprKind::slice: {
    const auto& x = a.as<Slice>();
    const auto& y = b.as<Slice>();
    return equal_opt(x.lower, y.lower) && equal_opt(x.upper, y.upper) && equal_opt(x.step, y.step);
  }
  case ExprKind::list_comp:
    return equal(*a.as<ListComp>().element, *b.as<ListComp>().element) &&
           equal_generators(a.as<ListComp>().generators, b.as<ListComp>().generators);
  case ExprKind::set_comp:
    return equal(*a.as<SetComp>().element, *b.as<SetComp>().element) &&
           equal_generators(a.as<SetComp>().generators, b.as<SetComp>().generators);
  case ExprKind::generator:
    return equal(*a.as<Generator>().element, *b.as<Generator>().element) &&
           equal_generators(a.as<Generator>().generators, b.as<Generator>().generators);
  case ExprKind::dict_comp: {
    const auto& x = a.as<DictComp>();
    const auto& y = b.as<DictComp>();
    return equal(*x.key, *y.key) && equal(*x.value, *y.value) &&
           equal_generators(x.generators, y.generators);
  }
  }
  return false;
}

bool equal(const Stmt& a, const Stmt& b) {
  if (a.kind != b.kind)
    return false;
  switch (a.kind) {
  case StmtKind::import:
    return equal_aliases(a.as<Import>().names, b.as<Import>().names);
  case StmtKind::import_from:
    return a.as<ImportFrom>().module == b.as<ImportFrom>().module &&
           equal_aliases(a.as<ImportFrom>().names, b.as<ImportFrom>().names);
  case StmtKind::function_def: {
    const auto& x = a.as<FunctionDef>();
    const auto& y = b.as<FunctionDef>();
    return x.name == y.name && equal_all(x.decorators, y.decorators) &&
           equal_params(x.params, y.params) && equal_opt(x.returns, y.returns) &&
           equal_block(x.body, y.body);
  }
  case StmtKind::return_:
    return equal_opt(a.as<Return>().value, b.as<Return>().value);
  case StmtKind::if_: {
    const auto& x = a.as<If>();
    const auto& y = b.as<If>();
    return x.elif == y.elif && equal(*x.test, *y.test) && equal_block(x.body, y.body) &&
           equal_block(x.orelse, y.orelse);
  }
  case StmtKind::for_: {
    const auto& x = a.as<For>();
    const auto& y = b.as<For>();
    return equal(*x.target, *y.target) && equal(*x.iter, *y.iter) && equal_block(x.body, y.body);
  }
  case StmtKind::while_:
    return equal(*a.as<While>().test, *b.as<While>().test) &&
           equal_block(a.as<While>().body, b.as<While>().body);
  case StmtKind::break_:
  case StmtKind::continue_:
  case StmtKind::pass:
    return true;
  case StmtKind::with: {
    const auto& x = a.as<With>();
    const auto& y = b.as<With>();
    if (x.items.size() != y.items.size())
      return false;
    for (size_t i = 0; i < x.items.size(); ++i)
      if (!equal(*x.items[i].context, *y.items[i].context) ||
          !equal_opt(x.items[i].target, y.items[i].target))
        return false;
    return equal_block(x.body, y.body);
  }
  case StmtKind::assign:
    return equal_all(a.as<Assign>().targets, b.as<Assign>().targets) &&
           equal(*a.as<Assign>().value, *b.as<Assign>().value);
  case StmtKind::aug_assign: {
    const auto& x = a.as<AugAssign>();
    const auto& y = b.as<AugAssign>();
    return x.op == y.op && equal(*x.target, *y.target) && equal(*x.value, *y.value);
  }
  case StmtKind::ann_assign: {
    const auto& x = a.as<AnnAssign>();
    const auto& y = b.as<AnnAssign>();
    return equal(*x.target, *y.target) && equal(*x.annotation, *y.annotation) &&
           equal_opt(x.value, y.value);
  }
  case StmtKind::assert_:
    return equal(*a.as<Assert>().test, *b.as<Assert>().test) &&
           equal_opt(a.as<Assert>().message, b.as<Assert>().message);
  case StmtKind::expr:
    return equal(*a.as<ExprStmt>().value, *b.as<ExprStmt>().value);
  }
  return false;
}

bool equal(const Module& a, const Module& b) {
  return equal_block(a.body, b.body);
}

} // namespace kiln::lang
