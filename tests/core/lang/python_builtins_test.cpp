// Python's builtins and math module in the model language, called through Values; expected
// values are Python 3's (each checked in CPython).

#include <QtTest/QtTest>

#include <cmath>

#include <ATen/ATen.h>

#include "core/lang/builtins/iteration.h"
#include "core/lang/builtins/math_namespace.h"
#include "core/lang/builtins/python_builtins.h"
#include "core/lang/conversions.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"
#include "tests/support/lang_calls.h"

using namespace kiln;
using namespace kiln::lang;
using test::attr;
using test::call;
using test::T;
using test::tensor;

namespace {

Value g_builtins, g_math;

Value py(const std::string& name, std::vector<Value> positional, test::Keywords keywords = {}) {
  return call(g_builtins, name, std::move(positional), std::move(keywords));
}

Value math(const std::string& name, std::vector<Value> positional) {
  return call(g_math, name, std::move(positional));
}

Value ints(std::vector<int64_t> xs) {
  std::vector<Value> items(xs.begin(), xs.end());
  return make_list(std::move(items));
}

template <class E = Error, class F> std::string thrown(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(nothing thrown)";
}

// Same type and value, as Python's `type(a) is type(b) and a == b`.
bool is(const Value& a, const Value& b) {
  return a.v.index() == b.v.index() && equal(a, b);
}

} // namespace

class PythonBuiltinsTest : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() {
    g_builtins = Value(ObjectPtr(make_python_builtins()));
    g_math = Value(ObjectPtr(make_math_namespace()));
  }
  void init() { test::reset(); }

  void rangeIteratesAndHasALength() {
    QVERIFY(equal(make_list(iterate_values(py("range", {5}), "")), ints({0, 1, 2, 3, 4})));
    QVERIFY(equal(py("list", {py("range", {1, 10, 3})}), ints({1, 4, 7})));
    QVERIFY(equal(py("list", {py("range", {5, 0, -2})}), ints({5, 3, 1})));
    QVERIFY(equal(py("list", {py("range", {3, 1})}), ints({})));
    QVERIFY(is(py("len", {py("range", {0, 10, 3})}), Value(4)));
    QVERIFY(is(py("len", {py("range", {10, 0, -3})}), Value(4)));
    QVERIFY(is(attr(py("range", {2, 9}), "stop"), Value(9)));
    QCOMPARE(repr(py("range", {0, 10, 2})), std::string("range(0, 10, 2)"));
    QCOMPARE(thrown([] { py("range", {0, 5, 0}); }), std::string("range() arg 3 must not be zero"));
    QCOMPARE(thrown([] { py("range", {2.5}); }),
             std::string("range() argument 'stop' must be an int, not 'float'"));
  }

  void iterationCoversEveryIterable() {
    QCOMPARE(iterate_values(at::ones({3, 2}), "").size(), size_t(3));
    QVERIFY(equal(make_list(iterate_values(Value("ab"), "")), make_list({"a", "b"})));
    Value d = py("dict", {}, {{"a", 1}, {"b", 2}});
    QVERIFY(equal(make_list(iterate_values(d, "")), make_list({"a", "b"})));
    QCOMPARE(thrown([] { iterate_values(Value(3), "zip() argument 2"); }),
             std::string("zip() argument 2: 'int' object is not iterable"));
    QCOMPARE(thrown<ShapeError>([] { iterate_values(T(1.0), ""); }),
             std::string("iteration over a 0-d tensor"));
  }

  void lengths() {
    QVERIFY(is(py("len", {ints({1, 2, 3})}), Value(3)));
    QVERIFY(is(py("len", {at::ones({4, 2})}), Value(4)));
    QVERIFY(is(py("len", {"abc"}), Value(3)));
    QCOMPARE(thrown([] { py("len", {5}); }), std::string("object of type 'int' has no len()"));
    QCOMPARE(thrown([] { py("len", {}); }),
             std::string("len() missing 1 required argument: 'obj'"));
  }

  void zipEnumerateReversedSorted() {
    Value zipped = py("zip", {ints({1, 2, 3}), make_list({"a", "b"})});
    QVERIFY(equal(zipped, make_list({make_tuple({1, "a"}), make_tuple({2, "b"})})));
    Value d = py("dict", {zipped});
    QVERIFY(equal(*d.get<DictPtr>()->find(Value(2)), Value("b")));
    QVERIFY(equal(py("enumerate", {make_list({"x", "y"})}, {{"start", 1}}),
                  make_list({make_tuple({1, "x"}), make_tuple({2, "y"})})));
    QVERIFY(equal(py("reversed", {ints({1, 2, 3})}), ints({3, 2, 1})));
    QVERIFY(equal(py("sorted", {ints({3, -1, 2})}), ints({-1, 2, 3})));
    QVERIFY(equal(py("sorted", {ints({3, -1, 2})}, {{"reverse", true}}), ints({3, 2, -1})));
    // sorted([3, -1, -3, 1], key=abs) == [-1, 1, 3, -3]: stable on equal keys.
    QVERIFY(equal(py("sorted", {ints({3, -1, -3, 1})}, {{"key", attr(g_builtins, "abs")}}),
                  ints({-1, 1, 3, -3})));
    QVERIFY(equal(py("map", {attr(g_builtins, "abs"), ints({-1, 2})}), ints({1, 2})));
    QVERIFY(equal(py("filter", {Value(), ints({0, 1, 2})}), ints({1, 2})));
    QVERIFY(equal(py("tuple", {"ab"}), make_tuple({"a", "b"})));
  }

  void aggregates() {
    QVERIFY(is(py("sum", {ints({1, 2, 3})}), Value(6)));
    QVERIFY(is(py("sum", {make_list({0.5, 1})}), Value(1.5)));
    QVERIFY(is(py("sum", {ints({1, 2})}, {{"start", 10}}), Value(13)));
    at::Tensor s = tensor(py("sum", {make_list({T({1, 2}), T({3, 4})})}));
    QVERIFY(at::equal(s, T({4, 6})));
    QVERIFY(is(py("max", {ints({3, 7, 5})}), Value(7)));
    QVERIFY(is(py("min", {3, 1.5, 2}), Value(1.5)));
    QVERIFY(is(py("max", {ints({-5, 3})}, {{"key", attr(g_builtins, "abs")}}), Value(-5)));
    QVERIFY(is(py("max", {ints({})}, {{"default", 0}}), Value(0)));
    QCOMPARE(thrown([] { py("max", {ints({})}); }), std::string("max() arg is an empty sequence"));
    QVERIFY(equal(py("max", {T({1, 5, 2})}), T(5.0)));
    QVERIFY(is(py("any", {make_list({0, false, 3})}), Value(true)));
    QVERIFY(is(py("all", {make_list({1, false})}), Value(false)));
    QVERIFY(is(py("all", {ints({})}), Value(true)));
  }

  void numbersAsPythonComputesThem() {
    QVERIFY(is(py("abs", {-3}), Value(3)));
    QVERIFY(is(py("abs", {-2.5}), Value(2.5)));
    QVERIFY(is(py("round", {2.5}), Value(2))); // half to even
    QVERIFY(is(py("round", {3.5}), Value(4)));
    QVERIFY(is(py("round", {-0.5}), Value(0)));
    QVERIFY(is(py("round", {1.25, 1}), Value(1.2)));
    QVERIFY(is(py("int", {-2.7}), Value(-2)));
    QVERIFY(is(py("int", {" 12 "}), Value(12)));
    QVERIFY(is(py("int", {T(3.9)}), Value(3)));
    QCOMPARE(thrown([] { py("int", {"1.5"}); }),
             std::string("invalid literal for int() with base 10: '1.5'"));
    QVERIFY(is(py("float", {"-inf"}), Value(-INFINITY)));
    QVERIFY(is(py("float", {"2.5e1"}), Value(25.0)));
    QVERIFY(is(py("float", {3}), Value(3.0)));
    QVERIFY(is(py("bool", {ints({})}), Value(false)));
    QVERIFY(is(py("str", {1.0}), Value("1.0")));
    QVERIFY(is(py("str", {"x"}), Value("x")));
    QVERIFY(is(py("pow", {2, 10}), Value(1024)));
    QVERIFY(is(py("pow", {2, -1}), Value(0.5)));
    QVERIFY(is(py("pow", {3, 4, 5}), Value(1)));  // 81 % 5
    QVERIFY(is(py("pow", {-3, 3, 5}), Value(3))); // -27 % 5 == 3
    QVERIFY(equal(py("divmod", {-7, 2}), make_tuple({-4, 1})));
    QVERIFY(equal(py("divmod", {7, -2}), make_tuple({-4, -1})));
    QVERIFY(equal(py("divmod", {7.5, -2}), make_tuple({-4.0, -0.5})));
    QCOMPARE(thrown([] {
               py("divmod", {1, 0});
             }),
             std::string("integer division or modulo by zero"));
  }

  void printWritesToTheLogNotStdout() {
    print_log().clear();
    py("print", {"x =", 3, T({1, 2})});
    py("print", {1, 2}, {{"sep", "-"}, {"end", ""}});
    QCOMPARE(print_log().size(), size_t(2));
    QCOMPARE(print_log()[0], "x = 3 " + repr(T({1, 2})) + "\n");
    QCOMPARE(print_log()[1], std::string("1-2"));
  }

  void mathModule() {
    QVERIFY(is(attr(g_math, "pi"), Value(M_PI)));
    QVERIFY(std::isinf(attr(g_math, "inf").get<double>()));
    QVERIFY(is(math("sqrt", {4}), Value(2.0)));
    QVERIFY(is(math("log", {8, 2}), Value(3.0)));
    QVERIFY(is(math("log", {M_E}), Value(1.0)));
    QVERIFY(is(math("floor", {2.5}), Value(2)));
    QVERIFY(is(math("ceil", {-0.5}), Value(0)));
    QVERIFY(is(math("ceil", {7}), Value(7)));
    // lgamma(0.5) = log(sqrt(pi)).
    QVERIFY(std::fabs(math("lgamma", {0.5}).get<double>() - 0.5 * std::log(M_PI)) < 1e-15);
    QVERIFY(is(math("gamma", {5}), Value(24.0)));
    QVERIFY(is(math("exp", {T(0.0)}), Value(1.0)));
    QVERIFY(is(math("atan2", {1, 1}), Value(M_PI / 4)));
    QVERIFY(is(math("factorial", {5}), Value(120)));
    QVERIFY(is(math("comb", {10, 3}), Value(120)));
    QVERIFY(is(math("comb", {3, 5}), Value(0)));
    QVERIFY(is(math("comb", {60, 30}), Value(int64_t{118264581564861424})));
    QVERIFY(is(math("isnan", {attr(g_math, "nan")}), Value(true)));
    QVERIFY(is(math("fabs", {-2}), Value(2.0)));
    QVERIFY(is(math("pow", {2, 0.5}), Value(std::sqrt(2.0))));
    QCOMPARE(thrown<DomainError>([] { math("sqrt", {-1}); }),
             std::string("math.sqrt(): math domain error"));
    QCOMPARE(thrown<DomainError>([] { math("log", {0}); }),
             std::string("math.log(): math domain error"));
    QCOMPARE(thrown([] { math("factorial", {2.0}); }),
             std::string("math.factorial(): argument 'n' must be an int, not 'float'"));
  }
};

QTEST_APPLESS_MAIN(PythonBuiltinsTest)
#include "python_builtins_test.moc"
