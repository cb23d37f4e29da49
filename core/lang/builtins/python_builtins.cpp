#include "core/lang/builtins/python_builtins.h"

#include "core/lang/format_spec.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <ATen/ATen.h>

#include "core/lang/builtins/arguments.h"
#include "core/lang/builtins/iteration.h"
#include "core/lang/builtins/range.h"
#include "core/lang/conversions.h"
#include "core/util/error.h"
#include "core/util/value_reads.h"

namespace kiln::lang {

namespace {

// Python's builtins are named by their bare names in errors: "len() takes ...".
void define(Namespace& ns, const std::string& name, std::vector<Param> params, BuiltinBody body) {
  ns.define(name, Value(make_builtin(name, std::move(params), std::move(body))));
}

bool is_int(const Value& v) {
  return v.is<int64_t>() || v.is<bool>();
}

int64_t int_of(const Value& v) {
  return v.is<bool>() ? v.get<bool>() : v.get<int64_t>();
}

[[noreturn]] void unsupported(const std::string& op, const Value& a, const Value& b) {
  throw Error("unsupported operand type(s) for " + op + ": '" + type_name(a) + "' and '" +
              type_name(b) + "'");
}

// a + b for sum(): numbers, tensors, and sequences of one kind.
Value add(const Value& a, const Value& b) {
  if (a.is<at::Tensor>() || b.is<at::Tensor>()) {
    if ((a.is<at::Tensor>() || a.is_number()) && (b.is<at::Tensor>() || b.is_number()))
      return Value(at::add(operand(a, "start"), operand(b, "iterable")));
    unsupported("+", a, b);
  }
  if (is_int(a) && is_int(b))
    return Value(int_of(a) + int_of(b));
  if (a.is_number() && b.is_number())
    return Value(to_double(a, "") + to_double(b, ""));
  if (a.is<ListPtr>() && b.is<ListPtr>()) {
    std::vector<Value> items = a.get<ListPtr>()->items;
    items.insert(items.end(), b.get<ListPtr>()->items.begin(), b.get<ListPtr>()->items.end());
    return make_list(std::move(items));
  }
  if (a.is<TuplePtr>() && b.is<TuplePtr>()) {
    std::vector<Value> items = a.get<TuplePtr>()->items;
    items.insert(items.end(), b.get<TuplePtr>()->items.begin(), b.get<TuplePtr>()->items.end());
    return make_tuple(std::move(items));
  }
  unsupported("+", a, b);
}

// a < b as Python orders values for min, max and sorted.
bool less(const Value& a, const Value& b) {
  if (a.is<at::Tensor>() || b.is<at::Tensor>()) {
    if ((a.is<at::Tensor>() || a.is_number()) && (b.is<at::Tensor>() || b.is_number()))
      return truthy(Value(at::lt(operand(a, "a"), operand(b, "b"))));
  } else if (is_int(a) && is_int(b)) {
    return int_of(a) < int_of(b);
  } else if (a.is_number() && b.is_number()) {
    return to_double(a, "") < to_double(b, "");
  } else if (a.is<std::string>() && b.is<std::string>()) {
    return a.get<std::string>() < b.get<std::string>();
  } else if ((a.is<ListPtr>() && b.is<ListPtr>()) || (a.is<TuplePtr>() && b.is<TuplePtr>())) {
    const auto& x = to_items(a, "");
    const auto& y = to_items(b, "");
    for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
      if (less(x[i], y[i]))
        return true;
      if (less(y[i], x[i]))
        return false;
    }
    return x.size() < y.size();
  }
  throw Error("'<' not supported between instances of '" + type_name(a) + "' and '" + type_name(b) +
              "'");
}

Value call(const Value& function, std::vector<Value> args) {
  auto object = function.get_if<ObjectPtr>();
  if (!object)
    throw Error("'" + type_name(function) + "' object is not callable");
  CallArgs call_args{std::move(args), {}};
  return (*object)->call(call_args);
}

// Python's str(): strings as they are, everything else as repr.
// isinstance(x, cls): the classes a model can name are the builtins int, float, bool, str,
// list, tuple, dict and torch.Tensor (as Python, a bool is also an int).
bool is_instance(const Value& v, const Value& cls) {
  if (auto t = cls.get_if<TuplePtr>()) {
    for (const Value& c : (*t)->items)
      if (is_instance(v, c))
        return true;
    return false;
  }
  const auto* o = cls.get_if<ObjectPtr>();
  const auto* b = o ? dynamic_cast<const Builtin*>(o->get()) : nullptr;
  if (!b)
    throw Error("isinstance() arg 2 must be a type or tuple of types");
  const std::string& name = b->signature().function_name();
  if (name == "int")
    return v.is<int64_t>() || v.is<bool>();
  if (name == "float")
    return v.is<double>();
  if (name == "bool")
    return v.is<bool>();
  if (name == "str")
    return v.is<std::string>();
  if (name == "list")
    return v.is<ListPtr>();
  if (name == "tuple")
    return v.is<TuplePtr>();
  if (name == "dict")
    return v.is<DictPtr>();
  if (name == "torch.Tensor")
    return v.is<at::Tensor>();
  throw Error("isinstance(): '" + name + "' is not a class Kiln knows");
}

// min and max: over one iterable or over several arguments, with key and default.
Value extreme(const std::string& fn, const BoundArgs& a, bool is_max) {
  const auto& args = to_items(a[0], "");
  if (args.empty())
    throw Error(fn + " expected at least 1 argument, got 0");
  std::vector<Value> items = args.size() == 1 ? iterate_values(args[0], "") : args;
  if (items.empty()) {
    if (a.given[2])
      return a[2];
    throw Error(fn + "() arg is an empty sequence");
  }
  auto key = [&](const Value& v) { return a[1].is_none() ? v : call(a[1], {v}); };
  size_t best = 0;
  Value best_key = key(items[0]);
  for (size_t i = 1; i < items.size(); ++i) {
    Value k = key(items[i]);
    if (is_max ? less(best_key, k) : less(k, best_key)) {
      best = i;
      best_key = std::move(k);
    }
  }
  return items[best];
}

Value length(const Value& v) {
  if (auto l = v.get_if<ListPtr>())
    return Value(static_cast<int64_t>((*l)->items.size()));
  if (auto t = v.get_if<TuplePtr>())
    return Value(static_cast<int64_t>((*t)->items.size()));
  if (auto d = v.get_if<DictPtr>())
    return Value(static_cast<int64_t>((*d)->items.size()));
  if (auto s = v.get_if<std::string>())
    return Value(static_cast<int64_t>(s->size()));
  if (auto t = v.get_if<at::Tensor>()) {
    if (t->dim() == 0)
      throw Error("len() of a 0-d tensor");
    return Value(t->size(0));
  }
  if (auto o = v.get_if<ObjectPtr>())
    if (auto range = dynamic_cast<const Range*>(o->get()))
      return Value(range->length());
  throw Error("object of type '" + type_name(v) + "' has no len()");
}

Value to_python_int(const Value& v) {
  if (is_int(v))
    return Value(int_of(v));
  double x;
  if (auto s = v.get_if<std::string>()) {
    size_t used = 0;
    int64_t parsed = 0;
    try {
      parsed = std::stoll(*s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || s->find_first_not_of(" \t\n", used) != std::string::npos)
      throw Error("invalid literal for int() with base 10: " + repr(v));
    return Value(parsed);
  }
  if (auto t = v.get_if<at::Tensor>(); t && t->numel() == 1) {
    note_value_read(*t);
    x = t->item<double>();
  } else if (v.is<double>())
    x = v.get<double>();
  else
    type_error("int() argument", "a string, a number or a one-element tensor", v);
  if (std::isnan(x))
    throw Error("cannot convert float NaN to integer");
  if (std::isinf(x))
    throw Error("cannot convert float infinity to integer");
  return Value(static_cast<int64_t>(std::trunc(x)));
}

Value to_python_float(const Value& v) {
  if (auto s = v.get_if<std::string>()) {
    std::string t = *s;
    t.erase(0, t.find_first_not_of(" \t\n"));
    t.erase(t.find_last_not_of(" \t\n") + 1);
    std::string lower = t;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    std::string unsigned_part =
        lower.empty() || (lower[0] != '+' && lower[0] != '-') ? lower : lower.substr(1);
    double sign = !lower.empty() && lower[0] == '-' ? -1 : 1;
    if (unsigned_part == "inf" || unsigned_part == "infinity")
      return Value(sign * std::numeric_limits<double>::infinity());
    if (unsigned_part == "nan")
      return Value(std::numeric_limits<double>::quiet_NaN());
    size_t used = 0;
    double parsed = 0;
    try {
      parsed = std::stod(t, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != t.size())
      throw Error("could not convert string to float: " + repr(v));
    return Value(parsed);
  }
  if (v.is_number() || v.is<at::Tensor>())
    return Value(to_double(v, "float() argument"));
  type_error("float() argument", "a string or a number", v);
}

Value round_value(const Value& x, const Value& ndigits) {
  if (auto t = x.get_if<at::Tensor>())
    return ndigits.is_none() ? Value(at::round(*t))
                             : Value(at::round(*t, to_int(ndigits, argument("ndigits"))));
  if (is_int(x) && (ndigits.is_none() || to_int(ndigits, argument("ndigits")) >= 0))
    return Value(int_of(x));
  double v = to_double(x, "round() argument");
  if (ndigits.is_none()) {
    if (!std::isfinite(v))
      throw Error(std::string("cannot convert float ") + (std::isnan(v) ? "NaN" : "infinity") +
                  " to integer");
    return Value(static_cast<int64_t>(std::nearbyint(v))); // half to even, as Python
  }
  double scale = std::pow(10.0, static_cast<double>(to_int(ndigits, argument("ndigits"))));
  double rounded = std::nearbyint(v * scale) / scale;
  return is_int(x) ? Value(static_cast<int64_t>(rounded)) : Value(rounded);
}

// Python's int ** int: exact, or an error where a 64-bit int cannot hold the result.
int64_t int_power(int64_t base, int64_t exp, c10::optional<int64_t> mod) {
  int64_t result = 1;
  while (exp > 0) {
    if (exp & 1) {
      if (__builtin_mul_overflow(result, base, &result))
        throw Error("pow(): the result does not fit a 64-bit int");
      if (mod)
        result %= *mod;
    }
    exp >>= 1;
    if (exp > 0) {
      if (__builtin_mul_overflow(base, base, &base))
        throw Error("pow(): the result does not fit a 64-bit int");
      if (mod)
        base %= *mod;
    }
  }
  // Python's modulo takes the sign of the divisor.
  if (mod && result != 0 && ((result < 0) != (*mod < 0)))
    result += *mod;
  return result;
}

Value power(const Value& base, const Value& exp, const Value& mod) {
  if (!mod.is_none()) {
    if (!is_int(base) || !is_int(exp) || !is_int(mod))
      throw Error("pow() 3rd argument not allowed unless all arguments are integers");
    if (int_of(exp) < 0)
      throw Error("pow() negative exponent with a modulus is not supported");
    if (int_of(mod) == 0)
      throw Error("pow() 3rd argument cannot be 0");
    return Value(int_power(int_of(base) % int_of(mod), int_of(exp), int_of(mod)));
  }
  if (base.is<at::Tensor>() || exp.is<at::Tensor>())
    return Value(at::pow(operand(base, "base"), operand(exp, "exp")));
  if (is_int(base) && is_int(exp) && int_of(exp) >= 0)
    return Value(int_power(int_of(base), int_of(exp), c10::nullopt));
  double b = to_double(base, argument("base")), e = to_double(exp, argument("exp"));
  if (b == 0 && e < 0)
    throw Error("0.0 cannot be raised to a negative power");
  return Value(std::pow(b, e));
}

Value divide_with_remainder(const Value& a, const Value& b) {
  if (is_int(a) && is_int(b)) {
    int64_t x = int_of(a), y = int_of(b);
    if (y == 0)
      throw Error("integer division or modulo by zero");
    int64_t q = x / y, r = x % y;
    if (r != 0 && ((r < 0) != (y < 0))) {
      q -= 1;
      r += y;
    }
    return make_tuple({Value(q), Value(r)});
  }
  if (!a.is_number() || !b.is_number())
    unsupported("divmod()", a, b);
  double x = to_double(a, ""), y = to_double(b, "");
  if (y == 0)
    throw Error("float divmod()");
  // CPython's float_divmod: the remainder takes the divisor's sign, the quotient is exact.
  double mod = std::fmod(x, y);
  double div = (x - mod) / y;
  if (mod != 0) {
    if ((y < 0) != (mod < 0)) {
      mod += y;
      div -= 1.0;
    }
  } else {
    mod = std::copysign(0.0, y);
  }
  double floordiv = std::copysign(0.0, x / y);
  if (div != 0) {
    floordiv = std::floor(div);
    if (div - floordiv > 0.5)
      floordiv += 1.0;
  }
  return make_tuple({Value(floordiv), Value(mod)});
}

void define_numbers(Namespace& ns) {
  define(ns, "abs", {required("x")}, [](const BoundArgs& a) {
    const Value& x = a[0];
    if (auto t = x.get_if<at::Tensor>())
      return Value(at::abs(*t));
    if (is_int(x))
      return Value(std::abs(int_of(x)));
    if (auto d = x.get_if<double>())
      return Value(std::fabs(*d));
    throw Error("bad operand type for abs(): '" + type_name(x) + "'");
  });
  define(ns, "round", {required("number"), optional("ndigits", None{})},
         [](const BoundArgs& a) { return round_value(a[0], a[1]); });
  define(ns, "pow", {required("base"), required("exp"), optional("mod", None{})},
         [](const BoundArgs& a) { return power(a[0], a[1], a[2]); });
  define(ns, "divmod", {required("a"), required("b")},
         [](const BoundArgs& a) { return divide_with_remainder(a[0], a[1]); });
  define(ns, "int", {optional("x", 0)}, [](const BoundArgs& a) { return to_python_int(a[0]); });
  define(ns, "float", {optional("x", 0.0)},
         [](const BoundArgs& a) { return to_python_float(a[0]); });
  define(ns, "bool", {optional("x", false)},
         [](const BoundArgs& a) { return Value(truthy(a[0])); });
  define(ns, "str", {optional("object", "")},
         [](const BoundArgs& a) { return Value(str_of(a[0])); });
  define(ns, "isinstance", {required("obj"), required("classinfo")},
         [](const BoundArgs& a) { return Value(is_instance(a[0], a[1])); });
  define(ns, "format", {required("value"), optional("format_spec", "")}, [](const BoundArgs& a) {
    return Value(format_value(a[0], to_str(a[1], "format(): format_spec")));
  });
  define(ns, "repr", {required("obj")}, [](const BoundArgs& a) { return Value(repr(a[0])); });
}

void define_aggregates(Namespace& ns) {
  define(ns, "len", {required("obj")}, [](const BoundArgs& a) { return length(a[0]); });
  for (bool is_max : {false, true}) {
    std::string fn = is_max ? "max" : "min";
    define(ns, fn, {star("args"), keyword_only("key", None{}), keyword_only("default", None{})},
           [fn, is_max](const BoundArgs& a) { return extreme(fn, a, is_max); });
  }
  define(ns, "sum", {required("iterable"), optional("start", 0)}, [](const BoundArgs& a) {
    Value total = a[1];
    for (const Value& v : iterate_values(a[0], "sum() argument"))
      total = add(total, v);
    return total;
  });
  define(ns, "any", {required("iterable")}, [](const BoundArgs& a) {
    for (const Value& v : iterate_values(a[0], "any() argument"))
      if (truthy(v))
        return Value(true);
    return Value(false);
  });
  define(ns, "all", {required("iterable")}, [](const BoundArgs& a) {
    for (const Value& v : iterate_values(a[0], "all() argument"))
      if (!truthy(v))
        return Value(false);
    return Value(true);
  });
}

void define_containers(Namespace& ns) {
  define(ns, "range", {required("start"), optional("stop", None{}), optional("step", 1)},
         [](const BoundArgs& a) {
           int64_t start = 0, stop;
           if (a[1].is_none()) {
             stop = to_int(a[0], "range() argument 'stop'");
           } else {
             start = to_int(a[0], "range() argument 'start'");
             stop = to_int(a[1], "range() argument 'stop'");
           }
           int64_t step = to_int(a[2], "range() argument 'step'");
           return Value(ObjectPtr(std::make_shared<Range>(start, stop, step)));
         });
  define(ns, "list", {optional("iterable", make_tuple())},
         [](const BoundArgs& a) { return make_list(iterate_values(a[0], "list() argument")); });
  define(ns, "tuple", {optional("iterable", make_tuple())},
         [](const BoundArgs& a) { return make_tuple(iterate_values(a[0], "tuple() argument")); });
  define(ns, "dict", {optional("iterable", None{}), star_star("kwargs")}, [](const BoundArgs& a) {
    Value out = make_dict();
    DictData& d = *out.get<DictPtr>();
    if (auto other = a[0].get_if<DictPtr>()) {
      d.items = (*other)->items;
    } else if (!a[0].is_none()) {
      for (const Value& pair : iterate_values(a[0], "dict() argument")) {
        std::vector<Value> kv = iterate_values(pair, "dict() element");
        if (kv.size() != 2)
          throw Error("dictionary update sequence element has length " + std::to_string(kv.size()) +
                      "; 2 is required");
        d.set(kv[0], kv[1]);
      }
    }
    for (const auto& [k, v] : a[1].get<DictPtr>()->items)
      d.set(k, v);
    return out;
  });
  define(ns, "zip", {star("iterables")}, [](const BoundArgs& a) {
    std::vector<std::vector<Value>> columns;
    size_t n = std::numeric_limits<size_t>::max();
    const auto& iterables = to_items(a[0], "");
    for (size_t i = 0; i < iterables.size(); ++i) {
      columns.push_back(iterate_values(iterables[i], "zip() argument " + std::to_string(i + 1)));
      n = std::min(n, columns.back().size());
    }
    std::vector<Value> rows;
    for (size_t r = 0; !columns.empty() && r < n; ++r) {
      std::vector<Value> row;
      for (const auto& column : columns)
        row.push_back(column[r]);
      rows.push_back(make_tuple(std::move(row)));
    }
    return make_list(std::move(rows));
  });
  define(ns, "enumerate", {required("iterable"), optional("start", 0)}, [](const BoundArgs& a) {
    int64_t i = to_int(a[1], "enumerate() argument 'start'");
    std::vector<Value> rows;
    for (Value& v : iterate_values(a[0], "enumerate() argument"))
      rows.push_back(make_tuple({Value(i++), std::move(v)}));
    return make_list(std::move(rows));
  });
  define(ns, "reversed", {required("sequence")}, [](const BoundArgs& a) {
    std::vector<Value> items = iterate_values(a[0], "reversed() argument");
    std::reverse(items.begin(), items.end());
    return make_list(std::move(items));
  });
  define(ns, "sorted",
         {required("iterable"), keyword_only("key", None{}), keyword_only("reverse", false)},
         [](const BoundArgs& a) {
           std::vector<Value> items = iterate_values(a[0], "sorted() argument");
           std::vector<std::pair<Value, size_t>> keyed;
           for (size_t i = 0; i < items.size(); ++i)
             keyed.emplace_back(a[1].is_none() ? items[i] : call(a[1], {items[i]}), i);
           bool reverse = to_bool(a[2], "sorted() argument 'reverse'");
           // Stable both ways, as Python's sort: reverse keeps equal items in their order.
           std::stable_sort(keyed.begin(), keyed.end(), [reverse](const auto& x, const auto& y) {
             return reverse ? less(y.first, x.first) : less(x.first, y.first);
           });
           std::vector<Value> out;
           for (const auto& [k, i] : keyed)
             out.push_back(items[i]);
           return make_list(std::move(out));
         });
  define(ns, "map", {required("function"), star("iterables")}, [](const BoundArgs& a) {
    std::vector<std::vector<Value>> columns;
    size_t n = std::numeric_limits<size_t>::max();
    const auto& iterables = to_items(a[1], "");
    if (iterables.empty())
      throw Error("map() must have at least two arguments.");
    for (const Value& it : iterables) {
      columns.push_back(iterate_values(it, "map() argument"));
      n = std::min(n, columns.back().size());
    }
    std::vector<Value> out;
    for (size_t r = 0; r < n; ++r) {
      std::vector<Value> args;
      for (const auto& column : columns)
        args.push_back(column[r]);
      out.push_back(call(a[0], std::move(args)));
    }
    return make_list(std::move(out));
  });
  define(ns, "filter", {required("function"), required("iterable")}, [](const BoundArgs& a) {
    std::vector<Value> out;
    for (Value& v : iterate_values(a[1], "filter() argument"))
      if (truthy(a[0].is_none() ? v : call(a[0], {v})))
        out.push_back(std::move(v));
    return make_list(std::move(out));
  });
}

} // namespace

std::vector<std::string>& print_log() {
  thread_local std::vector<std::string> log;
  return log;
}

NamespacePtr make_python_builtins() {
  auto ns = std::make_shared<Namespace>("builtins");
  define_numbers(*ns);
  define_aggregates(*ns);
  define_containers(*ns);
  define(*ns, "print",
         {star("objects"), keyword_only("sep", " "), keyword_only("end", "\n"),
          keyword_only("flush", false)},
         [](const BoundArgs& a) {
           const std::string sep = a[1].is_none() ? " " : to_str(a[1], "print() argument 'sep'");
           const std::string end = a[2].is_none() ? "\n" : to_str(a[2], "print() argument 'end'");
           std::string text;
           const auto& objects = to_items(a[0], "");
           for (size_t i = 0; i < objects.size(); ++i)
             text += (i ? sep : "") + str_of(objects[i]);
           print_log().push_back(text + end);
           return Value();
         });
  return ns;
}

} // namespace kiln::lang
