#include "core/lang/operators.h"

#include <cmath>

#include <ATen/ATen.h>
#include <ATen/ScalarOps.h>

#include "core/lang/conversions.h"
#include "core/util/error.h"
#include "core/util/value_reads.h"

namespace kiln::lang {

namespace {

[[noreturn]] void unsupported(const char* op, const Value& a, const Value& b) {
  throw Error(std::string("unsupported operand type(s) for ") + op + ": '" + type_name(a) +
              "' and '" + type_name(b) + "'");
}

bool is_int_like(const Value& v) {
  return v.is<int64_t>() || v.is<bool>();
}

int64_t int_of(const Value& v) {
  return v.is<bool>() ? v.get<bool>() : v.get<int64_t>();
}

double num_of(const Value& v) {
  return to_double(v, "operand");
}

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0)))
    --q;
  return q;
}

int64_t python_mod(int64_t a, int64_t b) {
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0)))
    r += b;
  return r;
}

Value number_op(BinaryOp op, const Value& a, const Value& b) {
  const char* spelling = binary_op_spelling(op);
  if (is_int_like(a) && is_int_like(b)) {
    int64_t x = int_of(a), y = int_of(b);
    switch (op) {
    case BinaryOp::add:
      return x + y;
    case BinaryOp::sub:
      return x - y;
    case BinaryOp::mul:
      return x * y;
    case BinaryOp::div:
      if (y == 0)
        throw DomainError("division by zero");
      return static_cast<double>(x) / static_cast<double>(y);
    case BinaryOp::floor_div:
      if (y == 0)
        throw DomainError("integer division or modulo by zero");
      return floor_div(x, y);
    case BinaryOp::mod:
      if (y == 0)
        throw DomainError("integer division or modulo by zero");
      return python_mod(x, y);
    case BinaryOp::pow:
      if (y >= 0) {
        int64_t r = 1;
        for (int64_t i = 0; i < y; ++i)
          r *= x;
        return r;
      }
      return std::pow(static_cast<double>(x), static_cast<double>(y));
    case BinaryOp::bit_and:
      return x & y;
    case BinaryOp::bit_or:
      return x | y;
    case BinaryOp::bit_xor:
      return x ^ y;
    case BinaryOp::lshift:
      return x << y;
    case BinaryOp::rshift:
      return x >> y;
    default:
      unsupported(spelling, a, b);
    }
  }
  double x = num_of(a), y = num_of(b);
  switch (op) {
  case BinaryOp::add:
    return x + y;
  case BinaryOp::sub:
    return x - y;
  case BinaryOp::mul:
    return x * y;
  case BinaryOp::div:
    if (y == 0)
      throw DomainError("float division by zero");
    return x / y;
  case BinaryOp::floor_div:
    if (y == 0)
      throw DomainError("float floor division by zero");
    return std::floor(x / y);
  case BinaryOp::mod: {
    if (y == 0)
      throw DomainError("float modulo by zero");
    double r = std::fmod(x, y);
    if (r != 0 && ((r < 0) != (y < 0)))
      r += y;
    return r;
  }
  case BinaryOp::pow:
    return std::pow(x, y);
  default:
    unsupported(spelling, a, b);
  }
}

at::Scalar scalar_of(const Value& v) {
  if (auto b = v.get_if<bool>())
    return at::Scalar(*b);
  if (auto i = v.get_if<int64_t>())
    return at::Scalar(*i);
  return at::Scalar(v.get<double>());
}

// A Python number becomes a wrapped scalar, which takes part in type promotion as torch's
// Python scalars do (an int64 tensor times 2 stays int64, times 2.5 becomes float64).
at::Tensor operand(const Value& v) {
  if (v.is_number())
    return at::native::wrapped_scalar_tensor(scalar_of(v));
  return to_tensor(v, "operand");
}

at::Tensor tensor_op(BinaryOp op, const Value& a, const Value& b) {
  at::Tensor x = operand(a), y = operand(b);
  switch (op) {
  case BinaryOp::add:
    return at::add(x, y);
  case BinaryOp::sub:
    return at::sub(x, y);
  case BinaryOp::mul:
    return at::mul(x, y);
  case BinaryOp::div:
    return at::div(x, y);
  case BinaryOp::floor_div:
    return at::div(x, y, "floor");
  case BinaryOp::mod:
    return at::remainder(x, y);
  case BinaryOp::pow:
    return at::pow(x, y);
  case BinaryOp::matmul:
    return at::matmul(x, y);
  case BinaryOp::bit_and:
    return at::bitwise_and(x, y);
  case BinaryOp::bit_or:
    return at::bitwise_or(x, y);
  case BinaryOp::bit_xor:
    return at::bitwise_xor(x, y);
  default:
    unsupported(binary_op_spelling(op), a, b);
  }
}

const std::vector<Value>* sequence_items(const Value& v) {
  if (auto l = v.get_if<ListPtr>())
    return &(*l)->items;
  if (auto t = v.get_if<TuplePtr>())
    return &(*t)->items;
  return nullptr;
}

Value repeat(const Value& seq, int64_t n) {
  std::vector<Value> out;
  const auto& items = *sequence_items(seq);
  for (int64_t i = 0; i < n; ++i)
    out.insert(out.end(), items.begin(), items.end());
  return seq.is<ListPtr>() ? make_list(std::move(out)) : make_tuple(std::move(out));
}

} // namespace

Value binary_op(BinaryOp op, const Value& a, const Value& b) {
  const char* spelling = binary_op_spelling(op);
  if (a.is<at::Tensor>() || b.is<at::Tensor>()) {
    if ((a.is<at::Tensor>() || a.is_number() || a.is<ListPtr>()) &&
        (b.is<at::Tensor>() || b.is_number() || b.is<ListPtr>()))
      return tensor_op(op, a, b);
    unsupported(spelling, a, b);
  }
  if (a.is_number() && b.is_number())
    return number_op(op, a, b);
  if (op == BinaryOp::add) {
    if (a.is<std::string>() && b.is<std::string>())
      return a.get<std::string>() + b.get<std::string>();
    if ((a.is<ListPtr>() && b.is<ListPtr>()) || (a.is<TuplePtr>() && b.is<TuplePtr>())) {
      std::vector<Value> out = *sequence_items(a);
      const auto& more = *sequence_items(b);
      out.insert(out.end(), more.begin(), more.end());
      return a.is<ListPtr>() ? make_list(std::move(out)) : make_tuple(std::move(out));
    }
  }
  if (op == BinaryOp::mul) {
    if (sequence_items(a) && is_int_like(b))
      return repeat(a, int_of(b));
    if (sequence_items(b) && is_int_like(a))
      return repeat(b, int_of(a));
  }
  unsupported(spelling, a, b);
}

Value unary_op(UnaryOp op, const Value& a) {
  if (op == UnaryOp::not_) {
    if (auto t = a.get_if<at::Tensor>(); t && t->numel() != 1)
      return at::logical_not(*t);
    return !truthy(a);
  }
  if (auto t = a.get_if<at::Tensor>()) {
    switch (op) {
    case UnaryOp::negate:
      return at::neg(*t);
    case UnaryOp::plus:
      return *t;
    case UnaryOp::invert:
      return at::bitwise_not(*t);
    default:
      break;
    }
  }
  if (is_int_like(a)) {
    int64_t x = int_of(a);
    switch (op) {
    case UnaryOp::negate:
      return -x;
    case UnaryOp::plus:
      return x;
    case UnaryOp::invert:
      return ~x;
    default:
      break;
    }
  }
  if (auto d = a.get_if<double>()) {
    if (op == UnaryOp::negate)
      return -*d;
    if (op == UnaryOp::plus)
      return *d;
  }
  throw Error(std::string("bad operand type for unary ") + unary_op_spelling(op) + ": '" +
              type_name(a) + "'");
}

namespace {

bool contains(const Value& container, const Value& item) {
  if (auto items = sequence_items(container)) {
    for (const Value& v : *items)
      if (equal(v, item))
        return true;
    return false;
  }
  if (auto d = container.get_if<DictPtr>())
    return (*d)->find(item) != nullptr;
  if (auto s = container.get_if<std::string>())
    return s->find(to_str(item, "the left operand of 'in'")) != std::string::npos;
  if (auto t = container.get_if<at::Tensor>()) {
    const at::Tensor found = at::eq(*t, to_tensor(item, "the left operand of 'in'")).any();
    note_value_read(found);
    return found.item<bool>();
  }
  throw Error("argument of type '" + type_name(container) + "' is not iterable");
}

int three_way(const Value& a, const Value& b, const char* op) {
  if (a.is_number() && b.is_number()) {
    if (is_int_like(a) && is_int_like(b))
      return int_of(a) < int_of(b) ? -1 : (int_of(a) > int_of(b) ? 1 : 0);
    double x = num_of(a), y = num_of(b);
    if (std::isnan(x) || std::isnan(y))
      return 2; // unordered
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.is<std::string>() && b.is<std::string>())
    return a.get<std::string>().compare(b.get<std::string>()) < 0
               ? -1
               : (a.get<std::string>() == b.get<std::string>() ? 0 : 1);
  throw Error(std::string("'") + op + "' not supported between instances of '" + type_name(a) +
              "' and '" + type_name(b) + "'");
}

} // namespace

Value compare_op(CompareOp op, const Value& a, const Value& b) {
  switch (op) {
  case CompareOp::in:
    return contains(b, a);
  case CompareOp::not_in:
    return !contains(b, a);
  case CompareOp::is:
  case CompareOp::is_not: {
    bool same =
        (a.is_none() && b.is_none()) ||
        (a.v.index() == b.v.index() && !a.is_none() && equal(a, b) && !a.is<at::Tensor>()) ||
        (a.is<at::Tensor>() && b.is<at::Tensor>() &&
         a.get<at::Tensor>().is_same(b.get<at::Tensor>()));
    return op == CompareOp::is ? same : !same;
  }
  default:
    break;
  }
  if (a.is<at::Tensor>() || b.is<at::Tensor>()) {
    at::Tensor x = operand(a), y = operand(b);
    switch (op) {
    case CompareOp::lt:
      return at::lt(x, y);
    case CompareOp::gt:
      return at::gt(x, y);
    case CompareOp::le:
      return at::le(x, y);
    case CompareOp::ge:
      return at::ge(x, y);
    case CompareOp::eq:
      return at::eq(x, y);
    case CompareOp::ne:
      return at::ne(x, y);
    default:
      break;
    }
  }
  if (op == CompareOp::eq)
    return equal(a, b);
  if (op == CompareOp::ne)
    return !equal(a, b);
  const char* spelling = compare_op_spelling(op);
  int c = three_way(a, b, spelling);
  if (c == 2)
    return false;
  switch (op) {
  case CompareOp::lt:
    return c < 0;
  case CompareOp::gt:
    return c > 0;
  case CompareOp::le:
    return c <= 0;
  case CompareOp::ge:
    return c >= 0;
  default:
    return false;
  }
}

} // namespace kiln::lang
