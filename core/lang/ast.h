#pragma once
// The syntax tree of a Kiln model. Nodes own their children through std::unique_ptr; each node
// has a kind (to switch on), a span into the source, and an id unique within its Module, so that
// later passes (checker, static graph, graph editor) can annotate nodes in side tables indexed by
// id. Parentheses are not recorded: the printer puts back the ones precedence needs.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/lang/source.h"

namespace kiln::lang {

using NodeId = uint32_t;

// ---------------------------------------------------------------------------------------------
// Expressions

enum class ExprKind {
  name,
  integer,
  floating,
  string,
  formatted_string, // f"..."
  boolean,
  none,
  ellipsis,
  list,
  tuple,
  set,
  dict,
  unary,
  binary,
  compare,
  conditional, // body if test else orelse
  lambda,
  call,
  attribute,
  subscript,
  slice, // only as a subscript's index or an element of its index tuple
  list_comp,
  set_comp,
  dict_comp,
  generator,
  error, // stands in for what a syntax error left unparsed; a parsed Module never holds one
};

struct Expr {
  const ExprKind kind;
  NodeId id = 0;
  Span span;

  virtual ~Expr() = default;

  // Downcasts: as<T>() when the kind is known, if_kind<T>() to test and cast in one.
  template <class T> const T& as() const { return static_cast<const T&>(*this); }
  template <class T> T& as() { return static_cast<T&>(*this); }
  template <class T> const T* if_kind() const {
    return kind == T::static_kind ? &as<T>() : nullptr;
  }

protected:
  explicit Expr(ExprKind k) : kind(k) {}
};

using ExprPtr = std::unique_ptr<Expr>;

template <ExprKind K> struct ExprOf : Expr {
  static constexpr ExprKind static_kind = K;
  ExprOf() : Expr(K) {}
};

struct Name : ExprOf<ExprKind::name> {
  std::string name;
};

struct Integer : ExprOf<ExprKind::integer> {
  int64_t value = 0;
  std::string spelling; // as written (0x10, 1_000), which the printer keeps
};

struct Floating : ExprOf<ExprKind::floating> {
  double value = 0;
  std::string spelling;
};

// Adjacent literals ("a" "b") are joined into one.
struct String : ExprOf<ExprKind::string> {
  std::string value; // decoded: UTF-8 text, or the bytes of a b"..." literal
  bool bytes = false;
};

// An f-string (adjacent plain strings joined in): literal parts and replacement fields.
struct FormattedString : ExprOf<ExprKind::formatted_string> {
  struct Part {
    std::string literal; // decoded text, when `value` is null
    ExprPtr value;       // a replacement field's expression
    char conversion = 0; // 'r', 's', 'a' or 0
    std::string format_spec;
  };
  std::vector<Part> parts;
};

struct Boolean : ExprOf<ExprKind::boolean> {
  bool value = false;
};

struct NoneLiteral : ExprOf<ExprKind::none> {};
struct EllipsisLiteral : ExprOf<ExprKind::ellipsis> {};

struct List : ExprOf<ExprKind::list> {
  std::vector<ExprPtr> elements;
};

struct Tuple : ExprOf<ExprKind::tuple> {
  std::vector<ExprPtr> elements;
};

struct Set : ExprOf<ExprKind::set> {
  std::vector<ExprPtr> elements;
};

struct DictItem {
  ExprPtr key; // null for **mapping
  ExprPtr value;
};

struct Dict : ExprOf<ExprKind::dict> {
  std::vector<DictItem> items;
};

enum class UnaryOp { negate, plus, invert, not_ };

struct Unary : ExprOf<ExprKind::unary> {
  UnaryOp op = UnaryOp::negate;
  ExprPtr operand;
};

// `and` and `or` are binary operators here; they short-circuit.
enum class BinaryOp {
  or_,
  and_,
  bit_or,
  bit_xor,
  bit_and,
  lshift,
  rshift,
  add,
  sub,
  mul,
  matmul,
  div,
  floor_div,
  mod,
  pow,
};

struct Binary : ExprOf<ExprKind::binary> {
  BinaryOp op = BinaryOp::add;
  ExprPtr left;
  ExprPtr right;
};

enum class CompareOp { lt, gt, le, ge, eq, ne, in, not_in, is, is_not };

// A chain: left ops[0] comparators[0] ops[1] comparators[1] ...
struct Compare : ExprOf<ExprKind::compare> {
  ExprPtr left;
  std::vector<CompareOp> ops;
  std::vector<ExprPtr> comparators;
};

struct Conditional : ExprOf<ExprKind::conditional> {
  ExprPtr test;
  ExprPtr body;
  ExprPtr orelse;
};

enum class ParamKind {
  positional,     // x, x=1
  var_positional, // *args
  keyword_only,   // after * or *args
  var_keyword,    // **kwargs
};

// Parameters are nodes of their own (with ids): they are where names get bound.
struct Parameter {
  NodeId id = 0;
  Span span;
  ParamKind kind = ParamKind::positional;
  std::string name;
  ExprPtr annotation;    // may be null
  ExprPtr default_value; // may be null
};

struct Lambda : ExprOf<ExprKind::lambda> {
  std::vector<Parameter> params;
  ExprPtr body;
};

enum class ArgKind {
  positional,
  keyword,     // name=value
  unpack,      // *value
  unpack_dict, // **value
};

struct Argument {
  Span span;
  ArgKind kind = ArgKind::positional;
  std::string name; // keyword arguments only
  ExprPtr value;
};

struct Call : ExprOf<ExprKind::call> {
  ExprPtr func;
  std::vector<Argument> args;
};

struct Attribute : ExprOf<ExprKind::attribute> {
  ExprPtr value;
  std::string attr;
  Span attr_span;
};

// x[i], x[a:b], x[..., None]: a tuple of indices is a Tuple index.
struct Subscript : ExprOf<ExprKind::subscript> {
  ExprPtr value;
  ExprPtr index;
};

struct Slice : ExprOf<ExprKind::slice> {
  ExprPtr lower; // each may be null
  ExprPtr upper;
  ExprPtr step;
};

struct Comprehension {
  Span span;
  ExprPtr target;
  ExprPtr iter;
  std::vector<ExprPtr> conditions;
};

struct ListComp : ExprOf<ExprKind::list_comp> {
  ExprPtr element;
  std::vector<Comprehension> generators;
};

struct SetComp : ExprOf<ExprKind::set_comp> {
  ExprPtr element;
  std::vector<Comprehension> generators;
};

struct DictComp : ExprOf<ExprKind::dict_comp> {
  ExprPtr key;
  ExprPtr value;
  std::vector<Comprehension> generators;
};

struct Generator : ExprOf<ExprKind::generator> {
  ExprPtr element;
  std::vector<Comprehension> generators;
};

struct ErrorExpr : ExprOf<ExprKind::error> {};

// ---------------------------------------------------------------------------------------------
// Statements

enum class StmtKind {
  import,
  import_from,
  function_def,
  return_,
  if_,
  for_,
  while_,
  break_,
  continue_,
  with,
  assign,
  aug_assign,
  ann_assign,
  pass,
  assert_,
  expr,
};

struct Stmt {
  const StmtKind kind;
  NodeId id = 0;
  Span span;

  virtual ~Stmt() = default;

  template <class T> const T& as() const { return static_cast<const T&>(*this); }
  template <class T> T& as() { return static_cast<T&>(*this); }
  template <class T> const T* if_kind() const {
    return kind == T::static_kind ? &as<T>() : nullptr;
  }

protected:
  explicit Stmt(StmtKind k) : kind(k) {}
};

using StmtPtr = std::unique_ptr<Stmt>;
using Block = std::vector<StmtPtr>;

template <StmtKind K> struct StmtOf : Stmt {
  static constexpr StmtKind static_kind = K;
  StmtOf() : Stmt(K) {}
};

// `import a.b as c` / `from a.b import c as d`: name is dotted, as_name empty when absent.
struct Alias {
  Span span;
  std::string name;
  std::string as_name;
};

struct Import : StmtOf<StmtKind::import> {
  std::vector<Alias> names;
};

struct ImportFrom : StmtOf<StmtKind::import_from> {
  std::string module;
  std::vector<Alias> names;
};

struct FunctionDef : StmtOf<StmtKind::function_def> {
  std::vector<ExprPtr> decorators; // outermost first, as written
  std::string name;
  Span name_span;
  std::vector<Parameter> params;
  ExprPtr returns; // the -> annotation, may be null
  Block body;
};

struct Return : StmtOf<StmtKind::return_> {
  ExprPtr value; // may be null
};

// elif chains are nested Ifs in orelse, marked `elif` so the printer writes them back as such.
struct If : StmtOf<StmtKind::if_> {
  ExprPtr test;
  Block body;
  Block orelse;
  bool elif = false;
};

struct For : StmtOf<StmtKind::for_> {
  ExprPtr target;
  ExprPtr iter;
  Block body;
};

struct While : StmtOf<StmtKind::while_> {
  ExprPtr test;
  Block body;
};

struct Break : StmtOf<StmtKind::break_> {};
struct Continue : StmtOf<StmtKind::continue_> {};
struct Pass : StmtOf<StmtKind::pass> {};

struct WithItem {
  ExprPtr context;
  ExprPtr target; // may be null
};

struct With : StmtOf<StmtKind::with> {
  std::vector<WithItem> items;
  Block body;
};

// a = b = value: targets in source order.
struct Assign : StmtOf<StmtKind::assign> {
  std::vector<ExprPtr> targets;
  ExprPtr value;
};

struct AugAssign : StmtOf<StmtKind::aug_assign> {
  ExprPtr target;
  BinaryOp op = BinaryOp::add;
  ExprPtr value;
};

struct AnnAssign : StmtOf<StmtKind::ann_assign> {
  ExprPtr target;
  ExprPtr annotation;
  ExprPtr value; // may be null
};

struct Assert : StmtOf<StmtKind::assert_> {
  ExprPtr test;
  ExprPtr message; // may be null
};

// An expression evaluated for its effect; a docstring is one whose value is a String.
struct ExprStmt : StmtOf<StmtKind::expr> {
  ExprPtr value;
};

struct Module {
  std::string file;
  Block body;
  NodeId node_count = 0; // ids are 0 .. node_count-1; a pass that adds nodes takes ids from here
};

// ---------------------------------------------------------------------------------------------
// Helpers

// The docstring of a module or function body, or null.
const String* docstring(const Block& body);

const char* unary_op_spelling(UnaryOp op);     // "-", "not"
const char* binary_op_spelling(BinaryOp op);   // "+", "and", "**"
const char* compare_op_spelling(CompareOp op); // "<", "not in", "is not"

// Structural equality: same shapes, names, operators and literals (numbers as spelled); spans
// and ids are ignored.
bool equal(const Expr& a, const Expr& b);
bool equal(const Stmt& a, const Stmt& b);
bool equal(const Module& a, const Module& b);

} // namespace kiln::lang
