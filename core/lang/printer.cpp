#include "core/lang/printer.h"

#include <cstdio>

#include "core/lang/precedence.h"

namespace kiln::lang {

namespace {

// Black's rule: ** hugs operands that are names, numbers or attribute chains (x**2, -x**2).
bool simple_power_operand(const Expr& e) {
  switch (e.kind) {
  case ExprKind::name:
  case ExprKind::integer:
  case ExprKind::floating:
    return true;
  case ExprKind::attribute: {
    const Expr& value = *e.as<Attribute>().value;
    return value.kind == ExprKind::name ||
           (value.kind == ExprKind::attribute && simple_power_operand(value));
  }
  case ExprKind::unary:
    return e.as<Unary>().op == UnaryOp::negate && e.as<Unary>().operand->kind != ExprKind::unary &&
           simple_power_operand(*e.as<Unary>().operand);
  default:
    return false;
  }
}

// Multi-line text that reads the same between triple quotes, with no escapes needed.
bool fits_triple_quotes(const std::string& v) {
  if (v.find('\n') == std::string::npos || v.find('\\') != std::string::npos ||
      v.find("\"\"\"") != std::string::npos || v.back() == '"')
    return false;
  for (unsigned char c : v)
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
      return false;
  return true;
}

class Printer {
public:
  std::string take() { return std::move(out_); }

  // Fields are printed first: the quote must be one their text does not use.
  void formatted_string(const FormattedString& f) {
    std::vector<std::string> fields;
    bool has_double = false;
    for (const auto& part : f.parts) {
      if (!part.value)
        continue;
      const size_t mark = out_.size();
      expr(*part.value, Precedence::conditional);
      fields.push_back(out_.substr(mark));
      out_.resize(mark);
      has_double |= fields.back().find('"') != std::string::npos;
    }
    const char quote = has_double ? '\'' : '"';
    out_ += 'f';
    out_ += quote;
    size_t k = 0;
    for (const auto& part : f.parts) {
      if (!part.value) {
        for (char c : part.literal) {
          if (c == '{' || c == '}')
            out_ += std::string(2, c);
          else if (c == quote || c == '\\')
            out_ += std::string("\\") + c;
          else if (c == '\n')
            out_ += "\\n";
          else if (c == '\t')
            out_ += "\\t";
          else if (c == '\r')
            out_ += "\\r";
          else
            out_ += c;
        }
        continue;
      }
      const std::string& text = fields[k++];
      out_ += '{';
      if (text.front() == '{')
        out_ += ' '; // "{{" would be a literal brace
      out_ += text;
      if (part.conversion) {
        out_ += '!';
        out_ += part.conversion;
      }
      if (!part.format_spec.empty())
        out_ += ':' + part.format_spec;
      out_ += '}';
    }
    out_ += quote;
  }

  void module(const Module& m) {
    if (!m.body.empty())
      block(m.body, 0);
  }

  void block(const Block& body, int level) {
    if (body.empty()) {
      line(level);
      out_ += "pass\n";
      return;
    }
    for (size_t i = 0; i < body.size(); ++i) {
      if (i > 0)
        out_ += std::string(blank_lines(*body[i - 1], *body[i], level), '\n');
      stmt(*body[i], level);
    }
  }

  void stmt(const Stmt& s, int level) {
    line(level);
    switch (s.kind) {
    case StmtKind::import: {
      out_ += "import ";
      aliases(s.as<Import>().names);
      break;
    }
    case StmtKind::import_from:
      out_ += "from " + s.as<ImportFrom>().module + " import ";
      aliases(s.as<ImportFrom>().names);
      break;
    case StmtKind::function_def: {
      const auto& fn = s.as<FunctionDef>();
      for (const ExprPtr& decorator : fn.decorators) {
        out_ += '@';
        expr(*decorator, Precedence::lambda);
        out_ += '\n';
        line(level);
      }
      out_ += "def " + fn.name + "(";
      params(fn.params, true);
      out_ += ")";
      if (fn.returns) {
        out_ += " -> ";
        expr(*fn.returns, Precedence::lambda);
      }
      out_ += ":\n";
      block(fn.body, level + 1);
      return;
    }
    case StmtKind::return_:
      out_ += "return";
      if (s.as<Return>().value) {
        out_ += ' ';
        bare(*s.as<Return>().value);
      }
      break;
    case StmtKind::if_:
      if_chain(s.as<If>(), level);
      return;
    case StmtKind::for_: {
      const auto& f = s.as<For>();
      out_ += "for ";
      target(*f.target);
      out_ += " in ";
      bare(*f.iter);
      out_ += ":\n";
      block(f.body, level + 1);
      return;
    }
    case StmtKind::while_:
      out_ += "while ";
      expr(*s.as<While>().test, Precedence::lambda);
      out_ += ":\n";
      block(s.as<While>().body, level + 1);
      return;
    case StmtKind::break_:
      out_ += "break";
      break;
    case StmtKind::continue_:
      out_ += "continue";
      break;
    case StmtKind::pass:
      out_ += "pass";
      break;
    case StmtKind::with: {
      const auto& w = s.as<With>();
      out_ += "with ";
      for (size_t i = 0; i < w.items.size(); ++i) {
        if (i > 0)
          out_ += ", ";
        expr(*w.items[i].context, Precedence::lambda);
        if (w.items[i].target) {
          out_ += " as ";
          expr(*w.items[i].target, Precedence::bit_or);
        }
      }
      out_ += ":\n";
      block(w.body, level + 1);
      return;
    }
    case StmtKind::assign:
      for (const ExprPtr& t : s.as<Assign>().targets) {
        bare(*t);
        out_ += " = ";
      }
      bare(*s.as<Assign>().value);
      break;
    case StmtKind::aug_assign: {
      const auto& a = s.as<AugAssign>();
      expr(*a.target, Precedence::lambda);
      out_ += std::string(" ") + binary_op_spelling(a.op) + "= ";
      bare(*a.value);
      break;
    }
    case StmtKind::ann_assign: {
      const auto& a = s.as<AnnAssign>();
      expr(*a.target, Precedence::lambda);
      out_ += ": ";
      expr(*a.annotation, Precedence::lambda);
      if (a.value) {
        out_ += " = ";
        bare(*a.value);
      }
      break;
    }
    case StmtKind::assert_:
      out_ += "assert ";
      expr(*s.as<Assert>().test, Precedence::lambda);
      if (s.as<Assert>().message) {
        out_ += ", ";
        expr(*s.as<Assert>().message, Precedence::lambda);
      }
      break;
    case StmtKind::expr:
      bare(*s.as<ExprStmt>().value);
      break;
    }
    out_ += '\n';
  }

  // Parenthesized where the context binds tighter than the expression.
  void expr(const Expr& e, Precedence min) {
    bool parens = precedence_of(e) < min;
    if (parens)
      out_ += '(';
    switch (e.kind) {
    case ExprKind::name:
      out_ += e.as<Name>().name;
      break;
    case ExprKind::integer:
      out_ += e.as<Integer>().spelling;
      break;
    case ExprKind::floating:
      out_ += e.as<Floating>().spelling;
      break;
    case ExprKind::string:
      out_ += quote_string(e.as<String>().value, e.as<String>().bytes);
      break;
    case ExprKind::formatted_string:
      formatted_string(e.as<FormattedString>());
      break;
    case ExprKind::boolean:
      out_ += e.as<Boolean>().value ? "True" : "False";
      break;
    case ExprKind::none:
      out_ += "None";
      break;
    case ExprKind::ellipsis:
      out_ += "...";
      break;
    case ExprKind::error:
      out_ += "<error>";
      break;
    case ExprKind::list:
      out_ += '[';
      elements(e.as<List>().elements);
      out_ += ']';
      break;
    case ExprKind::tuple: {
      const auto& elts = e.as<Tuple>().elements;
      out_ += '(';
      elements(elts);
      if (elts.size() == 1)
        out_ += ',';
      out_ += ')';
      break;
    }
    case ExprKind::set:
      out_ += '{';
      elements(e.as<Set>().elements);
      out_ += '}';
      break;
    case ExprKind::dict: {
      out_ += '{';
      const auto& items = e.as<Dict>().items;
      for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0)
          out_ += ", ";
        if (items[i].key) {
          expr(*items[i].key, Precedence::lambda);
          out_ += ": ";
          expr(*items[i].value, Precedence::lambda);
        } else {
          out_ += "**";
          expr(*items[i].value, Precedence::bit_or);
        }
      }
      out_ += '}';
      break;
    }
    case ExprKind::unary: {
      const auto& u = e.as<Unary>();
      out_ += unary_op_spelling(u.op);
      if (u.op == UnaryOp::not_)
        out_ += ' ';
      expr(*u.operand, u.op == UnaryOp::not_ ? Precedence::not_ : Precedence::unary);
      break;
    }
    case ExprKind::binary: {
      const auto& b = e.as<Binary>();
      if (b.op == BinaryOp::pow) {
        expr(*b.left, Precedence::postfix);
        out_ += simple_power_operand(*b.left) && simple_power_operand(*b.right) ? "**" : " ** ";
        expr(*b.right, Precedence::unary);
      } else {
        Precedence p = precedence_of(b.op);
        expr(*b.left, p);
        out_ += std::string(" ") + binary_op_spelling(b.op) + " ";
        expr(*b.right, next_higher(p));
      }
      break;
    }
    case ExprKind::compare: {
      const auto& c = e.as<Compare>();
      expr(*c.left, Precedence::bit_or);
      for (size_t i = 0; i < c.ops.size(); ++i) {
        out_ += std::string(" ") + compare_op_spelling(c.ops[i]) + " ";
        expr(*c.comparators[i], Precedence::bit_or);
      }
      break;
    }
    case ExprKind::conditional: {
      const auto& c = e.as<Conditional>();
      expr(*c.body, Precedence::or_);
      out_ += " if ";
      expr(*c.test, Precedence::or_);
      out_ += " else ";
      expr(*c.orelse, Precedence::lambda);
      break;
    }
    case ExprKind::lambda: {
      const auto& l = e.as<Lambda>();
      out_ += "lambda";
      if (!l.params.empty()) {
        out_ += ' ';
        params(l.params, false);
      }
      out_ += ": ";
      expr(*l.body, Precedence::lambda);
      break;
    }
    case ExprKind::call:
      call(e.as<Call>());
      break;
    case ExprKind::attribute: {
      const auto& a = e.as<Attribute>();
      if (a.value->kind == ExprKind::integer) {
        // 1.real would lex as the number "1." followed by a name.
        out_ += '(';
        expr(*a.value, Precedence::lowest);
        out_ += ')';
      } else {
        expr(*a.value, Precedence::postfix);
      }
      out_ += "." + a.attr;
      break;
    }
    case ExprKind::subscript: {
      const auto& s = e.as<Subscript>();
      expr(*s.value, Precedence::postfix);
      out_ += '[';
      const Expr& index = *s.index;
      if (index.kind == ExprKind::tuple && !index.as<Tuple>().elements.empty()) {
        const auto& elts = index.as<Tuple>().elements;
        for (size_t i = 0; i < elts.size(); ++i) {
          if (i > 0)
            out_ += ", ";
          slice_or_expr(*elts[i]);
        }
        if (elts.size() == 1)
          out_ += ',';
      } else {
        slice_or_expr(index);
      }
      out_ += ']';
      break;
    }
    case ExprKind::slice:
      slice_or_expr(e);
      break;
    case ExprKind::list_comp:
      out_ += '[';
      expr(*e.as<ListComp>().element, Precedence::lambda);
      clauses(e.as<ListComp>().generators);
      out_ += ']';
      break;
    case ExprKind::set_comp:
      out_ += '{';
      expr(*e.as<SetComp>().element, Precedence::lambda);
      clauses(e.as<SetComp>().generators);
      out_ += '}';
      break;
    case ExprKind::dict_comp: {
      const auto& d = e.as<DictComp>();
      out_ += '{';
      expr(*d.key, Precedence::lambda);
      out_ += ": ";
      expr(*d.value, Precedence::lambda);
      clauses(d.generators);
      out_ += '}';
      break;
    }
    case ExprKind::generator:
      out_ += '(';
      expr(*e.as<Generator>().element, Precedence::lambda);
      clauses(e.as<Generator>().generators);
      out_ += ')';
      break;
    }
    if (parens)
      out_ += ')';
  }

private:
  void line(int level) { out_ += std::string(4 * level, ' '); }

  // PEP 8: two blank lines around top-level functions, one around nested ones, one after the
  // module docstring and after the imports at the top.
  static size_t blank_lines(const Stmt& previous, const Stmt& next, int level) {
    bool function = previous.kind == StmtKind::function_def || next.kind == StmtKind::function_def;
    if (function)
      return level == 0 ? 2 : 1;
    bool docstring =
        previous.kind == StmtKind::expr && previous.as<ExprStmt>().value->kind == ExprKind::string;
    bool imports_end =
        (previous.kind == StmtKind::import || previous.kind == StmtKind::import_from) &&
        next.kind != StmtKind::import && next.kind != StmtKind::import_from;
    return (imports_end || docstring) && level == 0 ? 1 : 0;
  }

  void if_chain(const If& s, int level) {
    out_ += s.elif ? "elif " : "if ";
    expr(*s.test, Precedence::lambda);
    out_ += ":\n";
    block(s.body, level + 1);
    if (s.orelse.empty())
      return;
    const If* elif = s.orelse.size() == 1 ? s.orelse[0]->if_kind<If>() : nullptr;
    line(level);
    if (elif && elif->elif) {
      if_chain(*elif, level);
      return;
    }
    out_ += "else:\n";
    block(s.orelse, level + 1);
  }

  void aliases(const std::vector<Alias>& names) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (i > 0)
        out_ += ", ";
      out_ += names[i].name;
      if (!names[i].as_name.empty())
        out_ += " as " + names[i].as_name;
    }
  }

  void params(const std::vector<Parameter>& ps, bool annotations) {
    bool star_written = false;
    for (size_t i = 0; i < ps.size(); ++i) {
      if (i > 0)
        out_ += ", ";
      const Parameter& p = ps[i];
      switch (p.kind) {
      case ParamKind::positional:
        break;
      case ParamKind::var_positional:
        out_ += '*';
        star_written = true;
        break;
      case ParamKind::keyword_only:
        if (!star_written)
          out_ += "*, ";
        star_written = true;
        break;
      case ParamKind::var_keyword:
        out_ += "**";
        break;
      }
      out_ += p.name;
      if (annotations && p.annotation) {
        out_ += ": ";
        expr(*p.annotation, Precedence::lambda);
      }
      if (p.default_value) {
        out_ += annotations && p.annotation ? " = " : "=";
        expr(*p.default_value, Precedence::lambda);
      }
    }
  }

  void elements(const std::vector<ExprPtr>& elts) {
    for (size_t i = 0; i < elts.size(); ++i) {
      if (i > 0)
        out_ += ", ";
      expr(*elts[i], Precedence::lambda);
    }
  }

  // Where Python allows a tuple without parentheses: a, b = b, a; return x, y.
  void bare(const Expr& e) {
    if (e.kind == ExprKind::tuple && e.as<Tuple>().elements.size() >= 2)
      elements(e.as<Tuple>().elements);
    else
      expr(e, Precedence::lambda);
  }

  // Loop and comprehension targets, where 'in' must not be swallowed by a comparison.
  void target(const Expr& e) {
    if (e.kind == ExprKind::tuple && e.as<Tuple>().elements.size() >= 2) {
      const auto& elts = e.as<Tuple>().elements;
      for (size_t i = 0; i < elts.size(); ++i) {
        if (i > 0)
          out_ += ", ";
        expr(*elts[i], Precedence::bit_or);
      }
    } else {
      expr(e, Precedence::bit_or);
    }
  }

  void clauses(const std::vector<Comprehension>& generators) {
    for (const Comprehension& c : generators) {
      out_ += " for ";
      target(*c.target);
      out_ += " in ";
      expr(*c.iter, Precedence::or_);
      for (const ExprPtr& condition : c.conditions) {
        out_ += " if ";
        expr(*condition, Precedence::or_);
      }
    }
  }

  void call(const Call& c) {
    expr(*c.func, Precedence::postfix);
    out_ += '(';
    for (size_t i = 0; i < c.args.size(); ++i) {
      if (i > 0)
        out_ += ", ";
      const Argument& a = c.args[i];
      switch (a.kind) {
      case ArgKind::positional:
        if (c.args.size() == 1 && a.value->kind == ExprKind::generator) {
          // The sole argument needs no parentheses of its own: sum(x for x in y).
          const auto& g = a.value->as<Generator>();
          expr(*g.element, Precedence::lambda);
          clauses(g.generators);
          continue;
        }
        break;
      case ArgKind::keyword:
        out_ += a.name + "=";
        break;
      case ArgKind::unpack:
        out_ += '*';
        break;
      case ArgKind::unpack_dict:
        out_ += "**";
        break;
      }
      expr(*a.value, Precedence::lambda);
    }
    out_ += ')';
  }

  void slice_or_expr(const Expr& e) {
    if (e.kind != ExprKind::slice) {
      expr(e, Precedence::lambda);
      return;
    }
    const auto& s = e.as<Slice>();
    if (s.lower)
      expr(*s.lower, Precedence::lambda);
    out_ += ':';
    if (s.upper)
      expr(*s.upper, Precedence::lambda);
    if (s.step) {
      out_ += ':';
      expr(*s.step, Precedence::lambda);
    }
  }

  std::string out_;
};

} // namespace

std::string quote_string(const std::string& value, bool bytes) {
  if (!bytes && fits_triple_quotes(value))
    return "\"\"\"" + value + "\"\"\"";
  bool has_double = value.find('"') != std::string::npos;
  bool has_single = value.find('\'') != std::string::npos;
  char quote = has_double && !has_single ? '\'' : '"';
  std::string out = bytes ? "b" : "";
  out += quote;
  for (unsigned char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == quote) {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F || (bytes && c >= 0x80)) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
      out += buffer;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += quote;
  return out;
}

std::string print(const Module& module) {
  Printer p;
  p.module(module);
  return p.take();
}

std::string print(const Stmt& stmt, int indent) {
  Printer p;
  p.stmt(stmt, indent);
  return p.take();
}

std::string print(const Expr& expr) {
  Printer p;
  p.expr(expr, Precedence::lowest);
  return p.take();
}

} // namespace kiln::lang
