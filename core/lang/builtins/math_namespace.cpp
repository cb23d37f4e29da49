#include "core/lang/builtins/math_namespace.h"

#include <cmath>
#include <limits>

#include "core/lang/builtins/arguments.h"
#include "core/lang/builtins/builtin_errors.h"
#include "core/lang/conversions.h"
#include "core/util/error.h"

namespace kiln::lang {

namespace {

double number(const Value& v, const std::string& name) {
  return to_double(v, argument(name));
}

[[noreturn]] void domain_error() {
  throw DomainError("math domain error");
}

// f(x) on the domain `valid`, math domain error outside it.
void define_real(Namespace& math, const std::string& name, double (*f)(double),
                 bool (*valid)(double) = nullptr) {
  define_builtin(math, name, {required("x")}, [f, valid](const BoundArgs& a) {
    double x = number(a[0], "x");
    if (valid && !std::isnan(x) && !valid(x))
      domain_error();
    return Value(f(x));
  });
}

int64_t integer_argument(const Value& v, const std::string& name) {
  if (v.is<double>())
    throw Error(argument(name) + " must be an int, not 'float'");
  return to_int(v, argument(name));
}

void define_constants(Namespace& math) {
  math.define("pi", M_PI);
  math.define("e", M_E);
  math.define("tau", 2 * M_PI);
  math.define("inf", std::numeric_limits<double>::infinity());
  math.define("nan", std::numeric_limits<double>::quiet_NaN());
}

void define_functions(Namespace& math) {
  define_real(
      math, "sqrt", [](double x) { return std::sqrt(x); }, [](double x) { return x >= 0; });
  define_real(math, "exp", [](double x) { return std::exp(x); });
  define_real(math, "expm1", [](double x) { return std::expm1(x); });
  define_real(
      math, "log1p", [](double x) { return std::log1p(x); }, [](double x) { return x > -1; });
  define_real(
      math, "log2", [](double x) { return std::log2(x); }, [](double x) { return x > 0; });
  define_real(
      math, "log10", [](double x) { return std::log10(x); }, [](double x) { return x > 0; });
  define_real(
      math, "lgamma", [](double x) { return std::lgamma(x); },
      [](double x) { return !(x <= 0 && x == std::floor(x)); });
  define_real(
      math, "gamma", [](double x) { return std::tgamma(x); },
      [](double x) { return !(x <= 0 && x == std::floor(x)); });
  define_real(math, "erf", [](double x) { return std::erf(x); });
  define_real(math, "erfc", [](double x) { return std::erfc(x); });
  define_real(
      math, "sin", [](double x) { return std::sin(x); }, [](double x) { return !std::isinf(x); });
  define_real(
      math, "cos", [](double x) { return std::cos(x); }, [](double x) { return !std::isinf(x); });
  define_real(
      math, "tan", [](double x) { return std::tan(x); }, [](double x) { return !std::isinf(x); });
  define_real(
      math, "asin", [](double x) { return std::asin(x); },
      [](double x) { return std::fabs(x) <= 1; });
  define_real(
      math, "acos", [](double x) { return std::acos(x); },
      [](double x) { return std::fabs(x) <= 1; });
  define_real(math, "atan", [](double x) { return std::atan(x); });
  define_real(math, "sinh", [](double x) { return std::sinh(x); });
  define_real(math, "cosh", [](double x) { return std::cosh(x); });
  define_real(math, "tanh", [](double x) { return std::tanh(x); });
  define_real(math, "fabs", [](double x) { return std::fabs(x); });
  define_real(math, "degrees", [](double x) { return x * 180.0 / M_PI; });
  define_real(math, "radians", [](double x) { return x * M_PI / 180.0; });

  define_builtin(math, "log", {required("x"), optional("base", None{})}, [](const BoundArgs& a) {
    double x = number(a[0], "x");
    if (x <= 0)
      domain_error();
    if (a[1].is_none())
      return Value(std::log(x));
    double base = number(a[1], "base");
    if (base <= 0 || base == 1)
      throw DomainError(base == 1 ? "float division by zero" : "math domain error");
    return Value(std::log(x) / std::log(base));
  });
  define_builtin(math, "atan2", {required("y"), required("x")}, [](const BoundArgs& a) {
    return Value(std::atan2(number(a[0], "y"), number(a[1], "x")));
  });
  define_builtin(math, "pow", {required("x"), required("y")}, [](const BoundArgs& a) {
    double x = number(a[0], "x"), y = number(a[1], "y");
    if ((x == 0 && y < 0) || (x < 0 && std::isfinite(y) && y != std::floor(y)))
      domain_error();
    return Value(std::pow(x, y));
  });
  define_builtin(math, "hypot", {star("coordinates")}, [](const BoundArgs& a) {
    double sum = 0;
    for (const Value& v : to_items(a[0], ""))
      sum += std::pow(number(v, "coordinates"), 2);
    return Value(std::sqrt(sum));
  });
  for (bool up : {false, true})
    define_builtin(math, up ? "ceil" : "floor", {required("x")}, [up](const BoundArgs& a) {
      if (a[0].is<int64_t>() || a[0].is<bool>())
        return Value(to_int(a[0], argument("x")));
      double x = number(a[0], "x");
      if (!std::isfinite(x))
        throw Error(std::string("cannot convert float ") + (std::isnan(x) ? "NaN" : "infinity") +
                    " to integer");
      return Value(static_cast<int64_t>(up ? std::ceil(x) : std::floor(x)));
    });
  define_builtin(math, "trunc", {required("x")}, [](const BoundArgs& a) {
    return Value(static_cast<int64_t>(std::trunc(number(a[0], "x"))));
  });
}

void define_predicates(Namespace& math) {
  define_builtin(math, "isnan", {required("x")},
                 [](const BoundArgs& a) { return Value(std::isnan(number(a[0], "x"))); });
  define_builtin(math, "isinf", {required("x")},
                 [](const BoundArgs& a) { return Value(std::isinf(number(a[0], "x"))); });
  define_builtin(math, "isfinite", {required("x")},
                 [](const BoundArgs& a) { return Value(std::isfinite(number(a[0], "x"))); });
  define_builtin(
      math, "isclose",
      {required("a"), required("b"), keyword_only("rel_tol", 1e-09), keyword_only("abs_tol", 0.0)},
      [](const BoundArgs& a) {
        double x = number(a[0], "a"), y = number(a[1], "b");
        double rel = number(a[2], "rel_tol"), abs = number(a[3], "abs_tol");
        if (x == y)
          return Value(true);
        if (std::isinf(x) || std::isinf(y))
          return Value(false);
        double diff = std::fabs(x - y);
        return Value(diff <= std::fabs(rel * y) || diff <= std::fabs(rel * x) || diff <= abs);
      });
}

// factorial and comb on ints, exact while they fit in 64 bits.
void define_combinatorics(Namespace& math) {
  define_builtin(math, "factorial", {required("n")}, [](const BoundArgs& a) {
    int64_t n = integer_argument(a[0], "n");
    if (n < 0)
      throw DomainError("factorial() not defined for negative values");
    int64_t out = 1;
    for (int64_t i = 2; i <= n; ++i)
      if (__builtin_mul_overflow(out, i, &out))
        throw Error("factorial(" + std::to_string(n) + ") does not fit a 64-bit int");
    return Value(out);
  });
  define_builtin(math, "comb", {required("n"), required("k")}, [](const BoundArgs& a) {
    int64_t n = integer_argument(a[0], "n"), k = integer_argument(a[1], "k");
    if (n < 0 || k < 0)
      throw DomainError(std::string(n < 0 ? "n" : "k") + " must be a non-negative integer");
    if (k > n)
      return Value(int64_t{0});
    k = std::min(k, n - k);
    // out * (n - i) / (i + 1) stays an integer at every step: it is comb(n, i + 1).
    __int128 out = 1;
    for (int64_t i = 0; i < k; ++i) {
      out = out * (n - i) / (i + 1);
      if (out > std::numeric_limits<int64_t>::max())
        throw Error("comb(" + std::to_string(n) + ", " + std::to_string(k) +
                    ") does not fit a 64-bit int");
    }
    return Value(static_cast<int64_t>(out));
  });
}

} // namespace

NamespacePtr make_math_namespace() {
  auto math = std::make_shared<Namespace>("math");
  define_constants(*math);
  define_functions(*math);
  define_predicates(*math);
  define_combinatorics(*math);
  return math;
}

} // namespace kiln::lang
