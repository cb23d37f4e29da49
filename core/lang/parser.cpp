#include "core/lang/parser.h"

#include <algorithm>
#include <array>
#include <optional>
#include <set>

#include "core/lang/lexer.h"
#include "core/lang/precedence.h"

namespace kiln::lang {

namespace {

Span join(const Span& a, const Span& b) {
  return {a.begin, std::max(a.begin, b.end), a.line, a.col, b.end_line, b.end_col};
}

bool is_layout(TokenKind kind) {
  return kind == TokenKind::newline || kind == TokenKind::indent || kind == TokenKind::dedent ||
         kind == TokenKind::end;
}

// How a message names a token: 'x' for names and punctuation, a description for the rest.
std::string describe(const Token& token) {
  switch (token.kind) {
  case TokenKind::name:
  case TokenKind::integer:
  case TokenKind::floating:
    return "'" + token.text + "'";
  case TokenKind::string:
    return "string literal";
  case TokenKind::newline:
    return "end of line";
  case TokenKind::end:
  case TokenKind::indent:
  case TokenKind::dedent:
  case TokenKind::error:
    return token_spelling(token.kind);
  default:
    return std::string("'") + token_spelling(token.kind) + "'";
  }
}

// What "cannot assign to ..." calls an expression, as Python does.
const char* expression_noun(const Expr& expr) {
  switch (expr.kind) {
  case ExprKind::call:
    return "function call";
  case ExprKind::integer:
  case ExprKind::floating:
  case ExprKind::string:
    return "literal";
  case ExprKind::formatted_string:
    return "f-string expression";
  case ExprKind::boolean:
    return expr.as<Boolean>().value ? "True" : "False";
  case ExprKind::none:
    return "None";
  case ExprKind::ellipsis:
    return "ellipsis";
  case ExprKind::compare:
    return "comparison";
  case ExprKind::conditional:
    return "conditional expression";
  case ExprKind::lambda:
    return "lambda";
  case ExprKind::dict:
    return "dict literal";
  case ExprKind::set:
    return "set display";
  case ExprKind::list_comp:
    return "list comprehension";
  case ExprKind::set_comp:
    return "set comprehension";
  case ExprKind::dict_comp:
    return "dict comprehension";
  case ExprKind::generator:
    return "generator expression";
  case ExprKind::tuple:
    return "tuple";
  case ExprKind::list:
    return "list";
  default:
    return "expression";
  }
}

std::optional<BinaryOp> augmented_op(TokenKind kind) {
  switch (kind) {
  case TokenKind::plus_assign:
    return BinaryOp::add;
  case TokenKind::minus_assign:
    return BinaryOp::sub;
  case TokenKind::star_assign:
    return BinaryOp::mul;
  case TokenKind::double_star_assign:
    return BinaryOp::pow;
  case TokenKind::slash_assign:
    return BinaryOp::div;
  case TokenKind::double_slash_assign:
    return BinaryOp::floor_div;
  case TokenKind::percent_assign:
    return BinaryOp::mod;
  case TokenKind::at_assign:
    return BinaryOp::matmul;
  case TokenKind::amp_assign:
    return BinaryOp::bit_and;
  case TokenKind::pipe_assign:
    return BinaryOp::bit_or;
  case TokenKind::caret_assign:
    return BinaryOp::bit_xor;
  case TokenKind::lshift_assign:
    return BinaryOp::lshift;
  case TokenKind::rshift_assign:
    return BinaryOp::rshift;
  default:
    return std::nullopt;
  }
}

BinaryOp binary_op(TokenKind kind) {
  switch (kind) {
  case TokenKind::kw_or:
    return BinaryOp::or_;
  case TokenKind::kw_and:
    return BinaryOp::and_;
  case TokenKind::pipe:
    return BinaryOp::bit_or;
  case TokenKind::caret:
    return BinaryOp::bit_xor;
  case TokenKind::amp:
    return BinaryOp::bit_and;
  case TokenKind::lshift:
    return BinaryOp::lshift;
  case TokenKind::rshift:
    return BinaryOp::rshift;
  case TokenKind::plus:
    return BinaryOp::add;
  case TokenKind::minus:
    return BinaryOp::sub;
  case TokenKind::star:
    return BinaryOp::mul;
  case TokenKind::at:
    return BinaryOp::matmul;
  case TokenKind::slash:
    return BinaryOp::div;
  case TokenKind::double_slash:
    return BinaryOp::floor_div;
  case TokenKind::percent:
    return BinaryOp::mod;
  default:
    return BinaryOp::pow;
  }
}

class Parser {
public:
  Parser(const Source& source, DiagnosticSink& sink)
      : source_(source), sink_(sink), tokens_(tokenize(source, sink)) {}

  Module module() {
    Module module;
    module.file = source_.name();
    statements(module.body, true);
    module.node_count = next_id_;
    return module;
  }

  ExprPtr expression_only() {
    ExprPtr expr = expression_list();
    if (!panic_ && !check(TokenKind::newline) && !check(TokenKind::end))
      error_here("unexpected " + describe(peek()) + " after the expression");
    return expr;
  }

private:
  using Prefix = ExprPtr (Parser::*)();
  using Infix = ExprPtr (Parser::*)(ExprPtr);

  struct Rule {
    Prefix prefix = nullptr;
    Precedence prefix_precedence = Precedence::atom; // the weakest context the prefix may start
    Infix infix = nullptr;
    Precedence precedence = Precedence::lowest;
  };

  static const std::array<Rule, token_kind_count>& rules() {
    static const std::array<Rule, token_kind_count> table = [] {
      std::array<Rule, token_kind_count> t{};
      auto prefix = [&t](TokenKind k, Prefix fn, Precedence p = Precedence::atom) {
        t[static_cast<int>(k)].prefix = fn;
        t[static_cast<int>(k)].prefix_precedence = p;
      };
      auto infix = [&t](TokenKind k, Infix fn, Precedence p) {
        t[static_cast<int>(k)].infix = fn;
        t[static_cast<int>(k)].precedence = p;
      };
      prefix(TokenKind::name, &Parser::name);
      prefix(TokenKind::integer, &Parser::number);
      prefix(TokenKind::floating, &Parser::number);
      prefix(TokenKind::string, &Parser::string);
      prefix(TokenKind::fstring_start, &Parser::string);
      prefix(TokenKind::kw_true, &Parser::constant);
      prefix(TokenKind::kw_false, &Parser::constant);
      prefix(TokenKind::kw_none, &Parser::constant);
      prefix(TokenKind::ellipsis, &Parser::constant);
      prefix(TokenKind::lparen, &Parser::parenthesized);
      prefix(TokenKind::lbracket, &Parser::list_display);
      prefix(TokenKind::lbrace, &Parser::brace_display);
      prefix(TokenKind::minus, &Parser::unary, Precedence::unary);
      prefix(TokenKind::plus, &Parser::unary, Precedence::unary);
      prefix(TokenKind::tilde, &Parser::unary, Precedence::unary);
      prefix(TokenKind::kw_not, &Parser::unary, Precedence::not_);
      prefix(TokenKind::kw_lambda, &Parser::lambda, Precedence::lambda);
      prefix(TokenKind::kw_yield, &Parser::unsupported_expression);
      prefix(TokenKind::kw_await, &Parser::unsupported_expression);
      prefix(TokenKind::star, &Parser::unsupported_expression);

      infix(TokenKind::walrus, &Parser::walrus, Precedence::lambda);
      infix(TokenKind::kw_if, &Parser::conditional, Precedence::conditional);
      infix(TokenKind::kw_or, &Parser::binary, Precedence::or_);
      infix(TokenKind::kw_and, &Parser::binary, Precedence::and_);
      for (TokenKind k : {TokenKind::kw_not, TokenKind::kw_in, TokenKind::kw_is, TokenKind::less,
                          TokenKind::greater, TokenKind::less_equal, TokenKind::greater_equal,
                          TokenKind::equal_equal, TokenKind::not_equal})
        infix(k, &Parser::comparison, Precedence::comparison);
      infix(TokenKind::pipe, &Parser::binary, Precedence::bit_or);
      infix(TokenKind::caret, &Parser::binary, Precedence::bit_xor);
      infix(TokenKind::amp, &Parser::binary, Precedence::bit_and);
      infix(TokenKind::lshift, &Parser::binary, Precedence::shift);
      infix(TokenKind::rshift, &Parser::binary, Precedence::shift);
      infix(TokenKind::plus, &Parser::binary, Precedence::term);
      infix(TokenKind::minus, &Parser::binary, Precedence::term);
      for (TokenKind k : {TokenKind::star, TokenKind::at, TokenKind::slash, TokenKind::double_slash,
                          TokenKind::percent})
        infix(k, &Parser::binary, Precedence::factor);
      infix(TokenKind::double_star, &Parser::power, Precedence::power);
      infix(TokenKind::lparen, &Parser::call, Precedence::postfix);
      infix(TokenKind::lbracket, &Parser::subscript, Precedence::postfix);
      infix(TokenKind::dot, &Parser::attribute, Precedence::postfix);
      return t;
    }();
    return table;
  }

  static const Rule& rule(TokenKind kind) { return rules()[static_cast<int>(kind)]; }

  // ---- tokens ------------------------------------------------------------------------------

  const Token& peek() const { return tokens_[current_]; }
  const Token& peek_next() const { return tokens_[std::min(current_ + 1, tokens_.size() - 1)]; }
  bool check(TokenKind kind) const { return peek().kind == kind; }

  const Token& advance() {
    const Token& token = tokens_[current_];
    if (token.kind != TokenKind::end)
      ++current_;
    if (!is_layout(token.kind))
      last_span_ = token.span;
    return token;
  }

  bool match(TokenKind kind) {
    if (!check(kind))
      return false;
    advance();
    return true;
  }

  bool expect(TokenKind kind, const std::string& message, const std::string& suggestion = {}) {
    if (match(kind))
      return true;
    error_here(message, suggestion);
    return false;
  }

  bool starts_expression(TokenKind kind) const { return rule(kind).prefix != nullptr; }

  // From the start of a construct to the last token consumed.
  Span span_from(const Span& start) const { return join(start, last_span_); }

  // ---- the error routine -------------------------------------------------------------------

  // Every syntax error goes through here. In panic mode (after an error, until the parser has
  // resynchronised at a statement boundary) further errors are follow-ups and are dropped; at an
  // error token the lexer has reported the mistake already.
  void error_at(const Span& span, bool already_reported, const std::string& message,
                const std::string& suggestion = {}) {
    if (panic_)
      return;
    panic_ = true;
    ++errors_;
    if (!already_reported)
      sink_.error(source_, span, message, suggestion);
  }

  // At the current token; at the end of a line, just after the last token, as Python points.
  void error_here(const std::string& message, const std::string& suggestion = {}) {
    const Token& token = peek();
    Span span = token.span;
    if (is_layout(token.kind) && current_ > 0)
      span = {last_span_.end,     last_span_.end,      last_span_.end_line,
              last_span_.end_col, last_span_.end_line, last_span_.end_col};
    error_at(span, token.kind == TokenKind::error, message, suggestion);
  }

  // Skips to the start of the next statement and leaves panic mode.
  void synchronize() {
    panic_ = false;
    while (!check(TokenKind::end) && !check(TokenKind::indent) && !check(TokenKind::dedent)) {
      if (advance().kind == TokenKind::newline)
        return;
    }
  }

  // Skips a whole clause: the rest of its line and the indented block under it, if any.
  void skip_clause() {
    while (!check(TokenKind::end) && !check(TokenKind::newline) && !check(TokenKind::indent) &&
           !check(TokenKind::dedent))
      advance();
    match(TokenKind::newline);
    if (check(TokenKind::indent))
      skip_block();
  }

  // From an indent to its dedent.
  void skip_block() {
    int depth = 0;
    while (!check(TokenKind::end)) {
      if (check(TokenKind::indent))
        ++depth;
      else if (check(TokenKind::dedent))
        --depth;
      advance();
      if (depth == 0)
        break;
    }
  }

  // ---- nodes -------------------------------------------------------------------------------

  template <class T> std::unique_ptr<T> node(const Span& span) {
    auto n = std::make_unique<T>();
    n->id = next_id_++;
    n->span = span;
    return n;
  }

  ExprPtr error_expr() { return node<ErrorExpr>(peek().span); }

  // Counts one level of nesting; false (after reporting) when the limit is passed.
  bool enter() {
    if (++depth_ <= max_nesting_depth)
      return true;
    if (depth_reported_) { // once per file: the rest of a too-deep construct is as deep
      error_at(peek().span, true, "");
      return false;
    }
    depth_reported_ = true;
    error_here("too deeply nested (the limit is " + std::to_string(max_nesting_depth) + " levels)",
               "move the inner part into a variable or a function");
    return false;
  }

  struct Nesting {
    Parser& parser;
    bool ok;
    explicit Nesting(Parser& p) : parser(p), ok(p.enter()) {}
    ~Nesting() { --parser.depth_; }
  };

  // ---- expressions -------------------------------------------------------------------------

  ExprPtr expression() { return parse_precedence(Precedence::lambda); }

  ExprPtr parse_precedence(Precedence min) {
    Nesting nesting(*this);
    if (!nesting.ok)
      return error_expr();
    const Token& token = peek();
    const Rule& prefix = rule(token.kind);
    if (!prefix.prefix) {
      error_here("expected an expression");
      return error_expr();
    }
    if (prefix.prefix_precedence < min) {
      error_here(describe(token) + " expression must be parenthesized here",
                 "put parentheses around the " + std::string(token_spelling(token.kind)) +
                     " expression");
      return error_expr();
    }
    ExprPtr left = (this->*prefix.prefix)();
    // Each operator applied in this loop deepens the tree by one; count it as nesting too, so
    // that a very long chain like 1 + 1 + ... cannot build a tree too deep to walk.
    int chain = 0;
    while (!panic_) {
      const Token& op = peek();
      const Rule& infix = rule(op.kind);
      if (!infix.infix || infix.precedence < min)
        break;
      if (op.kind == TokenKind::kw_not && peek_next().kind != TokenKind::kw_in)
        break;
      ++chain;
      ++depth_;
      if (depth_ > max_nesting_depth) {
        enter(); // reports
        --depth_;
        break;
      }
      left = (this->*infix.infix)(std::move(left));
    }
    depth_ -= chain;
    return left;
  }

  // expression (',' expression)* [','] — a tuple when there is a comma.
  ExprPtr expression_list() {
    ExprPtr first = expression();
    if (!check(TokenKind::comma))
      return first;
    auto tuple = node<Tuple>(first->span);
    tuple->elements.push_back(std::move(first));
    while (!panic_ && match(TokenKind::comma)) {
      if (!starts_expression(peek().kind))
        break;
      tuple->elements.push_back(expression());
    }
    tuple->span = span_from(tuple->span);
    return tuple;
  }

  // Loop and comprehension targets: operands above the comparisons, so that 'in' ends them.
  ExprPtr target_list() {
    ExprPtr first = parse_precedence(Precedence::bit_or);
    if (check(TokenKind::comma)) {
      auto tuple = node<Tuple>(first->span);
      tuple->elements.push_back(std::move(first));
      while (!panic_ && match(TokenKind::comma)) {
        if (!starts_expression(peek().kind))
          break;
        tuple->elements.push_back(parse_precedence(Precedence::bit_or));
      }
      tuple->span = span_from(tuple->span);
      first = std::move(tuple);
    }
    check_target(*first);
    return first;
  }

  void check_target(const Expr& target) {
    switch (target.kind) {
    case ExprKind::name:
    case ExprKind::attribute:
    case ExprKind::subscript:
    case ExprKind::error:
      return;
    case ExprKind::tuple:
      for (const ExprPtr& e : target.as<Tuple>().elements)
        check_target(*e);
      return;
    case ExprKind::list:
      for (const ExprPtr& e : target.as<List>().elements)
        check_target(*e);
      return;
    default:
      break;
    }
    std::string suggestion;
    if (target.kind == ExprKind::compare || target.kind == ExprKind::call)
      suggestion = "did you mean '==' instead of '='?";
    error_at(target.span, false, std::string("cannot assign to ") + expression_noun(target),
             suggestion);
  }

  ExprPtr name() {
    const Token& token = advance();
    auto n = node<Name>(token.span);
    n->name = token.text;
    return n;
  }

  ExprPtr number() {
    const Token& token = advance();
    if (token.kind == TokenKind::integer) {
      auto n = node<Integer>(token.span);
      n->value = token.int_value;
      n->spelling = token.text;
      return n;
    }
    auto n = node<Floating>(token.span);
    n->value = token.float_value;
    n->spelling = token.text;
    return n;
  }

  // Adjacent string literals are one string, as in Python; with an f-string among them, one
  // FormattedString.
  ExprPtr string() {
    const Span first = peek().span;
    const bool bytes = peek().bytes;
    bool formatted = false;
    std::vector<FormattedString::Part> parts;
    auto literal = [&](const std::string& text) {
      if (parts.empty() || parts.back().value)
        parts.emplace_back();
      parts.back().literal += text;
    };
    while (check(TokenKind::string) || check(TokenKind::fstring_start)) {
      const Token& token = advance();
      if (token.bytes != bytes)
        error_at(token.span, false, "cannot mix bytes and nonbytes literals");
      if (token.kind == TokenKind::string) {
        literal(token.text);
        continue;
      }
      formatted = true;
      while (!panic_ && !check(TokenKind::fstring_end)) {
        if (check(TokenKind::string)) {
          literal(advance().text);
          continue;
        }
        advance(); // fstring_field_start: the lexer emits nothing else here
        FormattedString::Part part;
        part.value = expression();
        if (!check(TokenKind::fstring_field_end)) {
          error_here("f-string: expecting '}'");
          break;
        }
        const Token& close = advance();
        part.conversion = static_cast<char>(close.int_value);
        part.format_spec = close.text;
        parts.push_back(std::move(part));
      }
      if (panic_) {
        while (!check(TokenKind::fstring_end) && !check(TokenKind::end))
          advance();
      }
      advance(); // fstring_end
    }
    if (formatted && bytes)
      error_at(first, false, "cannot mix bytes and nonbytes literals");
    if (!formatted) {
      auto s = node<String>(first);
      s->bytes = bytes;
      s->value = parts.empty() ? std::string() : parts[0].literal;
      s->span = span_from(first);
      return s;
    }
    auto f = node<FormattedString>(first);
    f->parts = std::move(parts);
    f->span = span_from(first);
    return f;
  }

  ExprPtr constant() {
    const Token& token = advance();
    switch (token.kind) {
    case TokenKind::kw_true:
    case TokenKind::kw_false: {
      auto b = node<Boolean>(token.span);
      b->value = token.kind == TokenKind::kw_true;
      return b;
    }
    case TokenKind::kw_none:
      return node<NoneLiteral>(token.span);
    default:
      return node<EllipsisLiteral>(token.span);
    }
  }

  ExprPtr unsupported_expression() {
    const Token& token = peek();
    if (token.kind == TokenKind::star)
      error_here("starred expressions are not supported in Kiln models",
                 "unpacking with * works only in call arguments: f(*args)");
    else if (token.kind == TokenKind::kw_yield)
      error_here("'yield' is not supported in Kiln models",
                 "a model is a plain function: return its result");
    else
      error_here("'await' is not supported in Kiln models");
    return error_expr();
  }

  // ( ) | ( expression ) | ( expression, ... ) | ( expression for ... )
  ExprPtr parenthesized() {
    Span open = advance().span;
    if (match(TokenKind::rparen)) {
      return node<Tuple>(span_from(open));
    }
    ExprPtr first = expression();
    if (check(TokenKind::kw_for)) {
      auto gen = node<Generator>(open);
      gen->element = std::move(first);
      comprehension_clauses(gen->generators);
      expect(TokenKind::rparen, "expected ')' after the generator expression");
      gen->span = span_from(open);
      return gen;
    }
    if (!check(TokenKind::comma)) {
      close(TokenKind::rparen, "')'");
      return first;
    }
    auto tuple = node<Tuple>(open);
    tuple->elements.push_back(std::move(first));
    while (!panic_ && match(TokenKind::comma) && !check(TokenKind::rparen))
      tuple->elements.push_back(expression());
    close(TokenKind::rparen, "')'");
    tuple->span = span_from(open);
    return tuple;
  }

  // Expects a closing bracket after an element; a token that could start another element means
  // a comma is probably missing.
  void close(TokenKind closer, const char* spelling) {
    if (panic_ || match(closer))
      return;
    std::string suggestion;
    if (starts_expression(peek().kind))
      suggestion = "perhaps you forgot a comma";
    error_here(std::string("expected ',' or ") + spelling, suggestion);
  }

  ExprPtr list_display() {
    Span open = advance().span;
    auto list = node<List>(open);
    if (match(TokenKind::rbracket)) {
      list->span = span_from(open);
      return list;
    }
    ExprPtr first = expression();
    if (check(TokenKind::kw_for)) {
      auto comp = node<ListComp>(open);
      comp->element = std::move(first);
      comprehension_clauses(comp->generators);
      expect(TokenKind::rbracket, "expected ']' after the list comprehension");
      comp->span = span_from(open);
      return comp;
    }
    list->elements.push_back(std::move(first));
    while (!panic_ && match(TokenKind::comma) && !check(TokenKind::rbracket))
      list->elements.push_back(expression());
    close(TokenKind::rbracket, "']'");
    list->span = span_from(open);
    return list;
  }

  // {} | {k: v, **d} | {k: v for ...} | {a, b} | {a for ...}
  ExprPtr brace_display() {
    Span open = advance().span;
    if (match(TokenKind::rbrace))
      return node<Dict>(span_from(open));
    bool is_dict = check(TokenKind::double_star);
    DictItem first_item;
    ExprPtr first;
    if (is_dict) {
      advance();
      first_item.value = parse_precedence(Precedence::bit_or);
    } else {
      first = expression();
      if (!panic_ && match(TokenKind::colon)) {
        is_dict = true;
        first_item.key = std::move(first);
        first_item.value = expression();
      }
    }
    if (is_dict) {
      if (first_item.key && check(TokenKind::kw_for)) {
        auto comp = node<DictComp>(open);
        comp->key = std::move(first_item.key);
        comp->value = std::move(first_item.value);
        comprehension_clauses(comp->generators);
        expect(TokenKind::rbrace, "expected '}' after the dict comprehension");
        comp->span = span_from(open);
        return comp;
      }
      auto dict = node<Dict>(open);
      dict->items.push_back(std::move(first_item));
      while (!panic_ && match(TokenKind::comma) && !check(TokenKind::rbrace)) {
        DictItem item;
        if (match(TokenKind::double_star)) {
          item.value = parse_precedence(Precedence::bit_or);
        } else {
          item.key = expression();
          if (expect(TokenKind::colon, "expected ':' after the dict key"))
            item.value = expression();
          else
            item.value = error_expr();
        }
        dict->items.push_back(std::move(item));
      }
      close(TokenKind::rbrace, "'}'");
      dict->span = span_from(open);
      return dict;
    }
    if (check(TokenKind::kw_for)) {
      auto comp = node<SetComp>(open);
      comp->element = std::move(first);
      comprehension_clauses(comp->generators);
      expect(TokenKind::rbrace, "expected '}' after the set comprehension");
      comp->span = span_from(open);
      return comp;
    }
    auto set = node<Set>(open);
    set->elements.push_back(std::move(first));
    while (!panic_ && match(TokenKind::comma) && !check(TokenKind::rbrace))
      set->elements.push_back(expression());
    close(TokenKind::rbrace, "'}'");
    set->span = span_from(open);
    return set;
  }

  void comprehension_clauses(std::vector<Comprehension>& clauses) {
    while (!panic_ && check(TokenKind::kw_for)) {
      Comprehension clause;
      clause.span = advance().span;
      clause.target = target_list();
      if (!expect(TokenKind::kw_in, "expected 'in' after the comprehension variable")) {
        clause.iter = error_expr();
        clauses.push_back(std::move(clause));
        return;
      }
      clause.iter = parse_precedence(Precedence::or_);
      while (!panic_ && match(TokenKind::kw_if))
        clause.conditions.push_back(parse_precedence(Precedence::or_));
      clause.span = span_from(clause.span);
      clauses.push_back(std::move(clause));
    }
  }

  ExprPtr unary() {
    const Token& op = advance();
    auto u = node<Unary>(op.span);
    switch (op.kind) {
    case TokenKind::minus:
      u->op = UnaryOp::negate;
      break;
    case TokenKind::plus:
      u->op = UnaryOp::plus;
      break;
    case TokenKind::tilde:
      u->op = UnaryOp::invert;
      break;
    default:
      u->op = UnaryOp::not_;
      break;
    }
    u->operand = parse_precedence(u->op == UnaryOp::not_ ? Precedence::not_ : Precedence::unary);
    u->span = span_from(u->span);
    return u;
  }

  ExprPtr lambda() {
    Span start = advance().span;
    auto fn = node<Lambda>(start);
    fn->params = parameters(false, TokenKind::colon);
    if (expect(TokenKind::colon, "expected ':' after the lambda parameters"))
      fn->body = expression();
    else
      fn->body = error_expr();
    fn->span = span_from(start);
    return fn;
  }

  ExprPtr walrus(ExprPtr left) {
    error_here("assignment expressions (':=') are not supported in Kiln models",
               "assign in a statement of its own before this one");
    return left;
  }

  ExprPtr conditional(ExprPtr body) {
    advance(); // 'if'
    auto c = node<Conditional>(body->span);
    c->body = std::move(body);
    c->test = parse_precedence(Precedence::or_);
    if (expect(TokenKind::kw_else, "expected 'else' in the conditional expression",
               "a conditional expression is 'a if condition else b'"))
      c->orelse = expression();
    else
      c->orelse = error_expr();
    c->span = span_from(c->span);
    return c;
  }

  ExprPtr binary(ExprPtr left) {
    const Token& op = advance();
    auto b = node<Binary>(left->span);
    b->op = binary_op(op.kind);
    b->left = std::move(left);
    b->right = parse_precedence(next_higher(precedence_of(b->op)));
    b->span = span_from(b->span);
    return b;
  }

  // Right-associative, and its right operand may carry a sign: 2 ** -x ** 2 = 2 ** (-(x ** 2)).
  ExprPtr power(ExprPtr left) {
    advance();
    auto b = node<Binary>(left->span);
    b->op = BinaryOp::pow;
    b->left = std::move(left);
    b->right = parse_precedence(Precedence::unary);
    b->span = span_from(b->span);
    return b;
  }

  // A chain a < b <= c is one node.
  ExprPtr comparison(ExprPtr left) {
    auto c = node<Compare>(left->span);
    c->left = std::move(left);
    while (!panic_) {
      CompareOp op;
      switch (peek().kind) {
      case TokenKind::less:
        op = CompareOp::lt;
        break;
      case TokenKind::greater:
        op = CompareOp::gt;
        break;
      case TokenKind::less_equal:
        op = CompareOp::le;
        break;
      case TokenKind::greater_equal:
        op = CompareOp::ge;
        break;
      case TokenKind::equal_equal:
        op = CompareOp::eq;
        break;
      case TokenKind::not_equal:
        op = CompareOp::ne;
        break;
      case TokenKind::kw_in:
        op = CompareOp::in;
        break;
      case TokenKind::kw_is:
        op = peek_next().kind == TokenKind::kw_not ? CompareOp::is_not : CompareOp::is;
        break;
      case TokenKind::kw_not:
        if (peek_next().kind != TokenKind::kw_in)
          return finish_span(std::move(c));
        op = CompareOp::not_in;
        break;
      default:
        return finish_span(std::move(c));
      }
      advance();
      if (op == CompareOp::is_not || op == CompareOp::not_in)
        advance();
      c->ops.push_back(op);
      c->comparators.push_back(parse_precedence(Precedence::bit_or));
    }
    return finish_span(std::move(c));
  }

  template <class T> ExprPtr finish_span(std::unique_ptr<T> n) {
    n->span = span_from(n->span);
    return n;
  }

  ExprPtr call(ExprPtr func) {
    advance(); // '('
    auto c = node<Call>(func->span);
    c->func = std::move(func);
    bool seen_keyword = false, seen_unpack_dict = false;
    std::set<std::string> keywords;
    while (!panic_ && !check(TokenKind::rparen)) {
      Argument arg;
      Span start = peek().span;
      if (match(TokenKind::star)) {
        arg.kind = ArgKind::unpack;
        arg.value = expression();
        if (seen_unpack_dict)
          error_at(span_from(start), false,
                   "iterable argument unpacking follows keyword argument unpacking");
      } else if (match(TokenKind::double_star)) {
        arg.kind = ArgKind::unpack_dict;
        arg.value = expression();
        seen_unpack_dict = true;
      } else if (check(TokenKind::name) && peek_next().kind == TokenKind::assign) {
        arg.kind = ArgKind::keyword;
        arg.name = advance().text;
        advance(); // '='
        arg.value = expression();
        seen_keyword = true;
        if (!keywords.insert(arg.name).second)
          error_at(start, false, "keyword argument repeated: " + arg.name);
      } else {
        arg.value = expression();
        if (check(TokenKind::kw_for)) {
          auto gen = node<Generator>(arg.value->span);
          gen->element = std::move(arg.value);
          comprehension_clauses(gen->generators);
          gen->span = span_from(gen->span);
          arg.value = std::move(gen);
          if (!c->args.empty() ||
              (check(TokenKind::comma) && peek_next().kind != TokenKind::rparen))
            error_at(arg.value->span, false, "generator expression must be parenthesized");
        } else if (check(TokenKind::assign)) {
          error_here("expression cannot contain assignment", "perhaps you meant '=='?");
        } else if (seen_keyword || seen_unpack_dict) {
          error_at(arg.value->span, false,
                   seen_unpack_dict ? "positional argument follows keyword argument unpacking"
                                    : "positional argument follows keyword argument");
        }
      }
      arg.span = span_from(start);
      c->args.push_back(std::move(arg));
      if (!match(TokenKind::comma))
        break;
    }
    close(TokenKind::rparen, "')' after the arguments");
    c->span = span_from(c->span);
    return c;
  }

  ExprPtr attribute(ExprPtr value) {
    advance(); // '.'
    auto a = node<Attribute>(value->span);
    a->value = std::move(value);
    if (check(TokenKind::name)) {
      const Token& token = advance();
      a->attr = token.text;
      a->attr_span = token.span;
    } else {
      error_here("expected an attribute name after '.'");
    }
    a->span = span_from(a->span);
    return a;
  }

  ExprPtr subscript(ExprPtr value) {
    advance(); // '['

    auto s = node<Subscript>(value->span);
    s->value = std::move(value);
    if (check(TokenKind::rbracket)) {
      error_here("expected an index or a slice");
      s->index = error_expr();
      return s;
    }
    ExprPtr first = slice_item();
    if (check(TokenKind::comma)) {
      auto tuple = node<Tuple>(first->span);
      tuple->elements.push_back(std::move(first));
      while (!panic_ && match(TokenKind::comma) && !check(TokenKind::rbracket))
        tuple->elements.push_back(slice_item());
      tuple->span = span_from(tuple->span);
      first = std::move(tuple);
    }
    s->index = std::move(first);
    close(TokenKind::rbracket, "']'");
    s->span = span_from(s->span);
    return s;
  }

  // expression | [lower] ':' [upper] [':' [step]]
  ExprPtr slice_item() {
    Span start = peek().span;
    ExprPtr lower;
    if (!check(TokenKind::colon)) {
      lower = expression();
      if (!check(TokenKind::colon))
        return lower;
    }
    auto slice = node<Slice>(start);
    slice->lower = std::move(lower);
    advance(); // ':'
    auto slice_end = [this] {
      return check(TokenKind::colon) || check(TokenKind::comma) || check(TokenKind::rbracket);
    };
    if (!slice_end())
      slice->upper = expression();
    if (match(TokenKind::colon) && !check(TokenKind::comma) && !check(TokenKind::rbracket))
      slice->step = expression();
    slice->span = span_from(start);
    return slice;
  }

  // Parameters of a def (closer ')', annotations allowed) or a lambda (closer ':').
  std::vector<Parameter> parameters(bool annotations, TokenKind closer) {
    std::vector<Parameter> params;
    std::set<std::string> names;
    bool seen_default = false, seen_star = false, bare_star = false, seen_kwargs = false;
    while (!panic_ && !check(closer)) {
      Parameter p;
      Span start = peek().span;
      if (seen_kwargs) {
        error_here("parameters cannot follow **" + params.back().name);
        break;
      }
      if (match(TokenKind::double_star)) {
        p.kind = ParamKind::var_keyword;
        seen_kwargs = true;
      } else if (match(TokenKind::star)) {
        if (seen_star) {
          error_at(start, false, "* may appear only once in the parameters");
          break;
        }
        seen_star = true;
        if (check(TokenKind::comma) || check(closer)) {
          bare_star = true;
          if (!match(TokenKind::comma))
            break;
          continue;
        }
        p.kind = ParamKind::var_positional;
      } else if (check(TokenKind::slash)) {
        error_here("positional-only parameters ('/') are not supported in Kiln models");
        break;
      } else {
        p.kind = seen_star ? ParamKind::keyword_only : ParamKind::positional;
      }
      if (!check(TokenKind::name)) {
        error_here("expected a parameter name");
        break;
      }
      const Token& name = advance();
      p.name = name.text;
      if (!names.insert(p.name).second)
        error_at(name.span, false, "duplicate parameter '" + p.name + "'");
      if (annotations && match(TokenKind::colon))
        p.annotation = expression();
      if (check(TokenKind::assign)) {
        if (p.kind == ParamKind::var_positional || p.kind == ParamKind::var_keyword) {
          error_here("a * or ** parameter cannot have a default value");
          break;
        }
        advance();
        p.default_value = expression();
        if (p.kind == ParamKind::positional)
          seen_default = true;
      } else if (p.kind == ParamKind::positional && seen_default) {
        error_at(name.span, false, "parameter without a default follows parameter with a default");
      }
      if (p.kind == ParamKind::keyword_only)
        bare_star = false;
      p.id = next_id_++;
      p.span = span_from(start);
      params.push_back(std::move(p));
      if (!match(TokenKind::comma))
        break;
    }
    if (bare_star && !panic_)
      error_here("named parameters must follow bare *");
    return params;
  }

  // ---- statements --------------------------------------------------------------------------

  void statements(Block& body, bool top_level) {
    while (!check(TokenKind::end)) {
      if (check(TokenKind::dedent)) {
        if (!top_level)
          return;
        advance();
        continue;
      }
      if (check(TokenKind::indent)) {
        error_at(peek_next().span, peek_next().kind == TokenKind::error, "unexpected indent",
                 "indent a line only to start a block after ':'");
        panic_ = false;
        Block nested;
        block(nested);
        for (StmtPtr& s : nested)
          body.push_back(std::move(s));
        continue;
      }
      if (match(TokenKind::newline))
        continue;
      statement(body);
      if (panic_)
        synchronize();
    }
  }

  // INDENT statements DEDENT
  void block(Block& body) {
    Nesting nesting(*this);
    if (!nesting.ok) {
      skip_block();
      panic_ = false;
      return;
    }
    advance(); // indent
    statements(body, false);
    match(TokenKind::dedent);
  }

  void statement(Block& out) {
    auto push = [&out](StmtPtr s) {
      if (s)
        out.push_back(std::move(s));
    };
    switch (peek().kind) {
    case TokenKind::kw_def:
      push(function_def());
      return;
    case TokenKind::kw_if:
      push(if_statement(false));
      return;
    case TokenKind::kw_for:
      push(for_statement());
      return;
    case TokenKind::kw_while:
      push(while_statement());
      return;
    case TokenKind::kw_with:
      push(with_statement());
      return;
    case TokenKind::at:
      push(decorated());
      return;
    case TokenKind::kw_class:
      unsupported_compound("class definitions are not supported in Kiln models",
                           "write the model as functions; keep state in dicts or tuples");
      return;
    case TokenKind::kw_try:
      unsupported_compound("'try' statements are not supported in Kiln models",
                           "a model cannot catch errors; check values with 'if' instead");
      while (check(TokenKind::kw_except) || check(TokenKind::kw_finally) ||
             check(TokenKind::kw_else))
        skip_clause();
      return;
    case TokenKind::kw_async:
      unsupported_compound("'async' is not supported in Kiln models");
      return;
    case TokenKind::kw_elif:
    case TokenKind::kw_else:
      unsupported_compound(describe(peek()) + " without a matching 'if'",
                           "line it up with its 'if'");
      return;
    case TokenKind::kw_except:
    case TokenKind::kw_finally:
      unsupported_compound(describe(peek()) + " without a matching 'try'");
      return;
    default:
      simple_statements(out);
      return;
    }
  }

  // Reports a construct at its keyword and skips it with its block.
  void unsupported_compound(const std::string& message, const std::string& suggestion = {}) {
    error_here(message, suggestion);
    skip_clause();
    panic_ = false;
  }

  // simple (';' simple)* NEWLINE
  void simple_statements(Block& out) {
    while (true) {
      size_t errors = errors_;
      StmtPtr s = simple_statement();
      if (panic_)
        return;
      if (s && errors == errors_)
        out.push_back(std::move(s));
      if (!match(TokenKind::semicolon))
        break;
      if (check(TokenKind::newline) || check(TokenKind::end))
        break;
    }
    if (match(TokenKind::newline) || check(TokenKind::end))
      return;
    std::string suggestion;
    if (starts_expression(peek().kind))
      suggestion = "perhaps an operator or a comma is missing";
    error_here("unexpected " + describe(peek()) + " after the statement", suggestion);
  }

  StmtPtr simple_statement() {
    const Token& token = peek();
    switch (token.kind) {
    case TokenKind::kw_pass:
      return node<Pass>(advance().span);
    case TokenKind::kw_break:
      if (loop_depth_ == 0)
        error_here("'break' outside loop");
      return node<Break>(advance().span);
    case TokenKind::kw_continue:
      if (loop_depth_ == 0)
        error_here("'continue' not properly in loop");
      return node<Continue>(advance().span);
    case TokenKind::kw_return:
      return return_statement();
    case TokenKind::kw_import:
      return import_statement();
    case TokenKind::kw_from:
      return from_import();
    case TokenKind::kw_assert:
      return assert_statement();
    case TokenKind::kw_global:
    case TokenKind::kw_nonlocal:
      error_here(describe(token) + " statements are not supported in Kiln models",
                 "pass values in as arguments and return results");
      return nullptr;
    case TokenKind::kw_del:
      error_here("'del' statements are not supported in Kiln models");
      return nullptr;
    case TokenKind::kw_raise:
      error_here("'raise' statements are not supported in Kiln models",
                 "use 'assert condition, \"message\"' to stop a model with an error");
      return nullptr;
    default:
      return expression_statement();
    }
  }

  StmtPtr return_statement() {
    if (function_depth_ == 0)
      error_here("'return' outside function");
    Span start = advance().span;
    auto r = node<Return>(start);
    if (!check(TokenKind::newline) && !check(TokenKind::semicolon) && !check(TokenKind::end))
      r->value = expression_list();
    r->span = span_from(start);
    return r;
  }

  std::string dotted_name(const char* what) {
    if (!check(TokenKind::name)) {
      error_here(std::string("expected ") + what);
      return {};
    }
    std::string name = advance().text;
    while (match(TokenKind::dot)) {
      if (!check(TokenKind::name)) {
        error_here("expected a name after '.'");
        return name;
      }
      name += "." + advance().text;
    }
    return name;
  }

  bool alias(std::vector<Alias>& names, bool dotted) {
    Span start = peek().span;
    Alias a;
    if (dotted) {
      a.name = dotted_name("a module name");
    } else if (check(TokenKind::name)) {
      a.name = advance().text;
    } else {
      error_here("expected a name to import");
    }
    if (panic_)
      return false;
    if (match(TokenKind::kw_as)) {
      if (!check(TokenKind::name)) {
        error_here("expected a name after 'as'");
        return false;
      }
      a.as_name = advance().text;
    }
    a.span = span_from(start);
    names.push_back(std::move(a));
    return true;
  }

  StmtPtr import_statement() {
    Span start = advance().span;
    auto s = node<Import>(start);
    do {
      if (!alias(s->names, true))
        return nullptr;
    } while (match(TokenKind::comma));
    s->span = span_from(start);
    return s;
  }

  StmtPtr from_import() {
    Span start = advance().span;
    if (check(TokenKind::dot) || check(TokenKind::ellipsis)) {
      error_here("relative imports are not supported in Kiln models");
      return nullptr;
    }
    auto s = node<ImportFrom>(start);
    s->module = dotted_name("a module name after 'from'");
    if (panic_ || !expect(TokenKind::kw_import, "expected 'import' after the module name"))
      return nullptr;
    if (check(TokenKind::star)) {
      error_here("'from ... import *' is not supported in Kiln models",
                 "import the names the model uses");
      return nullptr;
    }
    bool parenthesized = match(TokenKind::lparen);
    do {
      if (parenthesized && check(TokenKind::rparen))
        break;
      if (!alias(s->names, false))
        return nullptr;
    } while (match(TokenKind::comma));
    if (parenthesized)
      close(TokenKind::rparen, "')'");
    s->span = span_from(start);
    return s;
  }

  StmtPtr assert_statement() {
    Span start = advance().span;
    auto s = node<Assert>(start);
    s->test = expression();
    if (match(TokenKind::comma))
      s->message = expression();
    s->span = span_from(start);
    return s;
  }

  // Assignments (chained, tuples), augmented and annotated assignments, expression statements.
  StmtPtr expression_statement() {
    Span start = peek().span;
    ExprPtr first = expression_list();
    if (panic_)
      return nullptr;
    if (check(TokenKind::assign)) {
      auto s = node<Assign>(start);
      s->targets.push_back(std::move(first));
      while (!panic_ && match(TokenKind::assign))
        s->targets.push_back(expression_list());
      s->value = std::move(s->targets.back());
      s->targets.pop_back();
      for (const ExprPtr& target : s->targets)
        check_target(*target);
      s->span = span_from(start);
      return s;
    }
    if (auto op = augmented_op(peek().kind)) {
      advance();
      auto s = node<AugAssign>(start);
      if (first->kind != ExprKind::name && first->kind != ExprKind::attribute &&
          first->kind != ExprKind::subscript)
        error_at(first->span, false,
                 std::string("'") + expression_noun(*first) +
                     "' is an illegal expression for augmented assignment");
      s->target = std::move(first);
      s->op = *op;
      s->value = expression_list();
      s->span = span_from(start);
      return s;
    }
    if (check(TokenKind::colon)) {
      advance();
      auto s = node<AnnAssign>(start);
      if (first->kind != ExprKind::name && first->kind != ExprKind::attribute &&
          first->kind != ExprKind::subscript)
        error_at(first->span, false,
                 std::string("only a single target (not a ") + expression_noun(*first) +
                     ") can be annotated");
      s->target = std::move(first);
      s->annotation = expression();
      if (match(TokenKind::assign))
        s->value = expression_list();
      s->span = span_from(start);
      return s;
    }
    auto s = node<ExprStmt>(start);
    s->value = std::move(first);
    s->span = span_from(start);
    return s;
  }

  // ':' then a block or simple statements on the same line. After a mistake in the header the
  // rest of the header line is skipped and an indented block under it is still parsed, so that
  // its errors are reported too. Returns false when the header or the block structure failed.
  bool suite(Block& body, const std::string& what, const Span& keyword) {
    if (!panic_ && !match(TokenKind::colon)) {
      if (check(TokenKind::assign))
        error_here("'=' cannot be used in a condition", "use '==' to compare");
      else
        error_here("expected ':'");
    }
    if (panic_) {
      synchronize();
      if (check(TokenKind::indent))
        block(body);
      return false;
    }
    if (!match(TokenKind::newline)) {
      simple_statements(body);
      return true;
    }
    if (!check(TokenKind::indent)) {
      error_here("expected an indented block after " + what + " on line " +
                 std::to_string(keyword.line));
      panic_ = false;
      return false;
    }
    block(body);
    return true;
  }

  StmtPtr function_def() {
    Span start = advance().span;
    size_t errors = errors_;
    auto fn = node<FunctionDef>(start);
    if (check(TokenKind::name)) {
      const Token& name = advance();
      fn->name = name.text;
      fn->name_span = name.span;
      if (expect(TokenKind::lparen, "expected '(' after the function name")) {
        fn->params = parameters(true, TokenKind::rparen);
        close(TokenKind::rparen, "')' after the parameters");
        if (!panic_ && match(TokenKind::arrow))
          fn->returns = expression();
      }
    } else {
      error_here("expected a function name after 'def'");
    }
    bool header_ok = errors == errors_;
    int loops = loop_depth_;
    loop_depth_ = 0; // a loop around a def does not make 'break' legal inside it
    ++function_depth_;
    bool body_ok = suite(fn->body, "function definition", start);
    --function_depth_;
    loop_depth_ = loops;
    fn->span = span_from(start);
    return header_ok && body_ok ? std::move(fn) : nullptr;
  }

  StmtPtr if_statement(bool elif) {
    Nesting nesting(*this);
    Span start = advance().span;
    if (!nesting.ok) {
      skip_clause();
      while (check(TokenKind::kw_elif) || check(TokenKind::kw_else))
        skip_clause();
      panic_ = false;
      return nullptr;
    }
    size_t errors = errors_;
    auto s = node<If>(start);
    s->elif = elif;
    s->test = expression();
    bool header_ok = errors == errors_;
    bool body_ok = suite(s->body, elif ? "'elif' statement" : "'if' statement", start);
    if (check(TokenKind::kw_elif)) {
      StmtPtr next = if_statement(true);
      if (next)
        s->orelse.push_back(std::move(next));
    } else if (check(TokenKind::kw_else)) {
      Span else_span = advance().span;
      body_ok = suite(s->orelse, "'else' statement", else_span) && body_ok;
    }
    s->span = span_from(start);
    return header_ok && body_ok ? std::move(s) : nullptr;
  }

  // Python's for/while ... else is outside the subset.
  void reject_loop_else(const char* loop) {
    if (!check(TokenKind::kw_else))
      return;
    error_here(std::string("'else' after a '") + loop + "' loop is not supported in Kiln models");
    skip_clause();
    panic_ = false;
  }

  StmtPtr for_statement() {
    Span start = advance().span;
    size_t errors = errors_;
    auto s = node<For>(start);
    s->target = target_list();
    if (!panic_ && expect(TokenKind::kw_in, "expected 'in' after the loop variable"))
      s->iter = expression_list();
    bool header_ok = errors == errors_;
    ++loop_depth_;
    bool body_ok = suite(s->body, "'for' statement", start);
    --loop_depth_;
    reject_loop_else("for");
    s->span = span_from(start);
    return header_ok && body_ok ? std::move(s) : nullptr;
  }

  StmtPtr while_statement() {
    Span start = advance().span;
    size_t errors = errors_;
    auto s = node<While>(start);
    s->test = expression();
    bool header_ok = errors == errors_;
    ++loop_depth_;
    bool body_ok = suite(s->body, "'while' statement", start);
    --loop_depth_;
    reject_loop_else("while");
    s->span = span_from(start);
    return header_ok && body_ok ? std::move(s) : nullptr;
  }

  StmtPtr with_statement() {
    Span start = advance().span;
    size_t errors = errors_;
    auto s = node<With>(start);
    do {
      WithItem item;
      item.context = expression();
      if (!panic_ && match(TokenKind::kw_as)) {
        item.target = parse_precedence(Precedence::bit_or);
        check_target(*item.target);
      }
      s->items.push_back(std::move(item));
    } while (!panic_ && match(TokenKind::comma));
    bool header_ok = errors == errors_;
    bool body_ok = suite(s->body, "'with' statement", start);
    s->span = span_from(start);
    return header_ok && body_ok ? std::move(s) : nullptr;
  }

  // '@decorator' lines, then the def they apply to (the span of the def starts at the first '@',
  // as the printer writes them back).
  StmtPtr decorated() {
    const Span start = peek().span;
    std::vector<ExprPtr> decorators;
    while (check(TokenKind::at)) {
      advance();
      ExprPtr expr = expression();
      if (panic_)
        return nullptr;
      if (!match(TokenKind::newline)) {
        error_here("unexpected " + describe(peek()) + " after the decorator");
        return nullptr;
      }
      decorators.push_back(std::move(expr));
    }
    if (check(TokenKind::kw_class))
      return nullptr; // the class statement reports itself
    if (!check(TokenKind::kw_def)) {
      error_here("expected 'def' after the decorator");
      return nullptr;
    }
    StmtPtr def = function_def();
    if (!def)
      return nullptr;
    auto& fn = static_cast<FunctionDef&>(*def);
    fn.decorators = std::move(decorators);
    fn.span = span_from(start);
    return def;
  }

  const Source& source_;
  DiagnosticSink& sink_;
  std::vector<Token> tokens_;
  size_t current_ = 0;
  Span last_span_;
  bool panic_ = false;
  size_t errors_ = 0; // errors met by the parser, including those the lexer reported
  int depth_ = 0;
  bool depth_reported_ = false;
  int function_depth_ = 0;
  int loop_depth_ = 0;
  NodeId next_id_ = 0;
};

// The lexer reports while the whole file is tokenized, the parser afterwards: sorting by
// position gives the reader the messages in file order.
void forward_sorted(const DiagnosticSink& from, DiagnosticSink& to) {
  std::vector<Diagnostic> items = from.items();
  std::stable_sort(items.begin(), items.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.span.begin < b.span.begin;
  });
  for (Diagnostic& d : items)
    to.report(std::move(d));
}

} // namespace

ParseResult parse(const Source& source, DiagnosticSink& sink) {
  DiagnosticSink local;
  ParseResult result;
  result.module = Parser(source, local).module();
  result.ok = !local.has_errors();
  forward_sorted(local, sink);
  return result;
}

ExprPtr parse_expression(const Source& source, DiagnosticSink& sink) {
  DiagnosticSink local;
  ExprPtr expr = Parser(source, local).expression_only();
  bool ok = !local.has_errors();
  forward_sorted(local, sink);
  return ok ? std::move(expr) : nullptr;
}

} // namespace kiln::lang
