// The param store: parameters by name in creation order, kept unconstrained as leaves that
// optimizers update; the param primitive; the store file (round trip, damaged files); and the
// per-thread store that ParamStoreScope swaps.
#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>
#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/autograd.h>

#include "core/dist/constraints/constraints.h"
#include "core/poutine/param_store.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using poutine::ParamStore;
using json = nlohmann::json;
namespace c = kiln::dist::constraints;

namespace {

// The message of the kiln::Error `f` throws; empty when it throws none.
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Same dtype, shape and bits (so -0.0 differs from 0.0 and nan equals nan).
bool bit_identical(const at::Tensor& a, const at::Tensor& b) {
  if (a.scalar_type() != b.scalar_type() || a.sizes() != b.sizes())
    return false;
  const auto bits = a.element_size() == 8 ? at::kLong : at::kInt;
  return at::equal(a.detach().contiguous().view(bits), b.detach().contiguous().view(bits));
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// What a store holds, to check that a failed load changed nothing.
struct Snapshot {
  std::vector<std::string> names;
  std::vector<at::Tensor> leaves;
  std::vector<dist::ConstraintPtr> constraints;

  explicit Snapshot(const ParamStore& s) : names(s.names()) {
    for (const auto& n : names) {
      leaves.push_back(s.unconstrained(n));
      constraints.push_back(s.constraint(n));
    }
  }
  bool same_as(const ParamStore& s) const {
    if (s.names() != names)
      return false;
    for (size_t i = 0; i < names.size(); ++i)
      if (!s.unconstrained(names[i]).is_same(leaves[i]) || s.constraint(names[i]) != constraints[i])
        return false;
    return true;
  }
};

} // namespace

class ParamStoreTest : public QObject {
  Q_OBJECT
private slots:
  void init() {
    reset();
    poutine::param_store().clear();
  }

  void getSetNamesEraseClear() {
    ParamStore s;
    QCOMPARE(s.size(), size_t(0));
    s.set("b", T({1., 2.}));
    s.set("a", T(3.));
    s.set("c", T({{1., 2.}}));
    QCOMPARE(s.names(), (std::vector<std::string>{"b", "a", "c"}));
    QVERIFY(at::equal(s.get("a"), T(3.)));
    QVERIFY(at::equal(s.get("c"), T({{1., 2.}})));
    QCOMPARE(s.constraint("a")->name(), std::string("real"));

    // Replacing keeps the place in the order.
    s.set("a", T(4.));
    QCOMPARE(s.names(), (std::vector<std::string>{"b", "a", "c"}));
    QVERIFY(at::equal(s.get("a"), T(4.)));

    s.erase("a");
    QVERIFY(!s.contains("a"));
    QCOMPARE(s.names(), (std::vector<std::string>{"b", "c"}));
    QVERIFY(contains(error_of([&] { s.get("a"); }), "no param named 'a'"));
    QVERIFY(contains(error_of([&] { s.unconstrained("a"); }), "no param named 'a'"));

    s.clear();
    QCOMPARE(s.size(), size_t(0));
    QVERIFY(s.names().empty());
    QVERIFY(!s.contains("b"));
  }

  void integerValuesBecomeFloat64() {
    ParamStore s;
    s.set("k", at::tensor({1, 2}, at::kLong));
    QCOMPARE(s.get("k").scalar_type(), at::kDouble);
    QVERIFY(at::equal(s.get("k"), T({1., 2.})));
  }

  void constrainedParamsStoredUnconstrained() {
    ParamStore s;
    s.set("scale", T({0.5, 2.}), c::positive());
    // biject_to(positive) is exp: the store keeps the log.
    QVERIFY(at::allclose(s.unconstrained("scale"), T({std::log(0.5), std::log(2.)})));
    QVERIFY(at::allclose(s.get("scale"), T({0.5, 2.})));

    s.set("p", T({0.25, 1.}), c::interval(0., 2.));
    // biject_to(interval(0, 2)) is 2 * sigmoid(x): x = logit(p / 2).
    QVERIFY(at::allclose(s.unconstrained("p"), T({std::log(0.125 / 0.875), 0.})));
    QVERIFY(at::allclose(s.get("p"), T({0.25, 1.})));

    const auto probs = T({0.2, 0.3, 0.5});
    s.set("w", probs, c::simplex());
    QCOMPARE(s.unconstrained("w").sizes().vec(), (std::vector<int64_t>{2}));
    QVERIFY(at::allclose(s.get("w"), probs));

    const auto L = T({{2., 0., 0.}, {0.5, 1., 0.}, {-1., 0.3, 0.7}});
    s.set("L", L, c::lower_cholesky());
    // The free coordinates of a 3 x 3 factor: 6 of them.
    QCOMPARE(s.unconstrained("L").sizes().vec(), (std::vector<int64_t>{6}));
    QVERIFY(at::allclose(s.get("L"), L));

    // Any point of the unconstrained space reads back inside the support.
    {
      at::NoGradGuard no_grad;
      for (const auto& name : s.names())
        s.unconstrained(name).copy_(at::randn_like(s.unconstrained(name)) * 3);
    }
    for (const auto& name : s.names())
      QVERIFY2(s.constraint(name)->check(s.get(name)).all().item<bool>(), name.c_str());
  }

  void valueOutsideConstraintRejected() {
    ParamStore s;
    s.set("a", T(1.));
    const Snapshot before(s);
    const auto message = error_of([&] { s.set("a", T({1., -1.}), c::positive()); });
    QVERIFY2(contains(message, "param 'a': the value given is not positive"), message.c_str());
    QVERIFY(before.same_as(s));
    QVERIFY_THROWS_EXCEPTION(DomainError, s.set("w", T({0.5, 0.6}), c::simplex()));
    QVERIFY(!s.contains("w"));
  }

  void paramPrimitiveInitCalledOnce() {
    int calls = 0;
    auto init = [&] {
      ++calls;
      return T({1., 2.});
    };
    const auto first = poutine::param("w", init, c::positive());
    const auto second = poutine::param("w", init, c::positive());
    QCOMPARE(calls, 1);
    QVERIFY(at::equal(first, second));
    // A later init, even a different one, is ignored once the param exists.
    QVERIFY(at::equal(poutine::param("w", T({5., 6.})), T({1., 2.})));
    QVERIFY(at::equal(poutine::param("w"), T({1., 2.})));
    QCOMPARE(poutine::param_store().constraint("w")->name(), std::string("positive"));
    QVERIFY(contains(error_of([] { poutine::param("missing"); }),
                     "param 'missing' does not exist and no initial value was given"));
  }

  void unconstrainedIsLeafAndGradientStepMovesValue() {
    const auto value = poutine::param("sigma", T({1., 2.}), c::positive());
    const auto u = poutine::param_store().unconstrained("sigma");
    QVERIFY(u.is_leaf());
    QVERIFY(u.requires_grad());
    QVERIFY(value.requires_grad());

    // d/du sum(exp(u)^2) = 2 exp(2u) = 2 sigma^2.
    const auto loss = value.pow(2).sum();
    const auto grad = torch::autograd::grad({loss}, {u})[0];
    QVERIFY(at::allclose(grad, T({2., 8.})));
    {
      at::NoGradGuard no_grad;
      u.sub_(0.1 * grad);
    }
    const auto after = poutine::param("sigma");
    QVERIFY(at::allclose(after, at::exp(T({0. - 0.2, std::log(2.) - 0.8}))));
    QVERIFY(poutine::param_store().unconstrained("sigma").is_same(u));
  }

  void saveLoadRoundTripBitIdentical() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("params.json").toStdString();

    ParamStore s;
    // Values of every magnitude, including the ones that print badly.
    auto loc = at::randn({4, 25}, at::kDouble) *
               at::pow(10., at::randint(-300, 300, {4, 25}, at::kDouble));
    loc[0][0] = -0.0;
    loc[0][1] = 5e-324; // the smallest subnormal
    loc[0][2] = 1. / 3.;
    loc[0][3] = 0.1;
    loc[0][4] = std::numeric_limits<double>::max();
    s.set("loc", loc);
    s.set("scale", T({0.5, 2., 1e-300}), c::positive());
    s.set("p", T({0.25, -0.5}), c::interval(T({0., -1.}), T({1., 0.})));
    s.set("w", T({{0.2, 0.3, 0.5}, {0.1, 0.1, 0.8}}), c::simplex());
    s.set("L", T({{2., 0.}, {0.5, 1.}}), c::lower_cholesky());
    s.set("rates", T({{1., 2.}}), c::independent(c::positive(), 1));
    s.set("f32", at::randn({3}, at::kFloat) / 7, c::greater_than(-10.));
    {
      // A diverged optimizer leaves non-finite values; they are saved as they are.
      at::NoGradGuard no_grad;
      s.unconstrained("loc")[1][0] = std::numeric_limits<double>::quiet_NaN();
      s.unconstrained("loc")[1][1] = -std::numeric_limits<double>::infinity();
    }
    s.save(path);
    QVERIFY(!QFile::exists(QString::fromStdString(path + ".tmp")));

    ParamStore t;
    t.set("other", T(1.));
    t.set("scale", T(7.));
    t.load(path);
    // Same names replaced in place, new ones appended in file order, others kept.
    QCOMPARE(t.names(),
             (std::vector<std::string>{"other", "scale", "loc", "p", "w", "L", "rates", "f32"}));
    QVERIFY(at::equal(t.get("other"), T(1.)));
    for (const auto& name : s.names()) {
      QVERIFY2(bit_identical(t.unconstrained(name), s.unconstrained(name)), name.c_str());
      QCOMPARE(t.constraint(name)->repr(), s.constraint(name)->repr());
      QVERIFY(t.unconstrained(name).is_leaf());
      QVERIFY(t.unconstrained(name).requires_grad());
    }
    QCOMPARE(t.unconstrained("f32").scalar_type(), at::kFloat);
    QVERIFY(at::equal(t.constraint("p")->lower_bound(), T({0., -1.})));
    QVERIFY(at::equal(t.constraint("p")->upper_bound(), T({1., 0.})));
    QCOMPARE(t.constraint("rates")->event_dim(), int64_t(1));
    QVERIFY(bit_identical(t.get("p"), s.get("p")));
    QVERIFY(bit_identical(t.get("w"), s.get("w")));

    // Saving what was loaded writes the same file.
    ParamStore u;
    u.load(path);
    const std::string again = dir.filePath("again.json").toStdString();
    u.save(again);
    QCOMPARE(read_text(again), read_text(path));
  }

  void fileLayout() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("params.json").toStdString();
    ParamStore s;
    s.set("sigma", T({0.5, 1.}), c::positive());
    s.save(path);
    const json file = json::parse(read_text(path));
    QCOMPARE(file["format"].get<std::string>(), std::string("kiln-param-store"));
    QCOMPARE(file["version"].get<int>(), 1);
    const json& p = file["params"][0];
    QCOMPARE(p["name"].get<std::string>(), std::string("sigma"));
    QCOMPARE(p["constraint"], json({{"name", "positive"}}));
    QCOMPARE(p["dtype"].get<std::string>(), std::string("float64"));
    QCOMPARE(p["shape"], json({2}));
    QCOMPARE(p["values"][0].get<double>(), std::log(0.5));
    QCOMPARE(p["values"][1].get<double>(), 0.);
  }

  void saveToUnwritablePathFails() {
    ParamStore s;
    s.set("a", T(1.));
    const auto message = error_of([&] { s.save("/nonexistent-dir/params.json"); });
    QVERIFY2(contains(message, "cannot save the param store to '/nonexistent-dir/params.json'"),
             message.c_str());
  }

  void damagedFilesRejected() {
    QTemporaryDir dir;
    const std::string good_path = dir.filePath("good.json").toStdString();
    ParamStore source;
    source.set("a", T({1., 2.}), c::positive());
    source.set("b", T({0.25, 0.75}), c::simplex());
    source.save(good_path);
    const std::string good_text = read_text(good_path);
    const json good = json::parse(good_text);

    struct Case {
      const char* what;
      std::function<void(json&)> damage; // applied to the good file; null: `text` is the file
      std::string text;
      std::string expected;
    };
    auto edit = [](const char* what, std::function<void(json&)> damage, std::string expected) {
      return Case{what, std::move(damage), "", std::move(expected)};
    };
    auto raw = [](const char* what, std::string text, std::string expected) {
      return Case{what, nullptr, std::move(text), std::move(expected)};
    };
    const std::vector<Case> cases = {
        raw("empty", "", "it is not JSON"),
        raw("truncated", good_text.substr(0, good_text.size() / 2), "it is not JSON"),
        raw("not json", "format: kiln", "it is not JSON"),
        raw("array", "[1, 2]", "it is not a Kiln param store file"),
        edit(
            "no format", [](json& f) { f.erase("format"); }, "it is not a Kiln param store file"),
        edit(
            "other format", [](json& f) { f["format"] = "kiln-project"; },
            "its format is \"kiln-project\", not \"kiln-param-store\""),
        edit(
            "newer version", [](json& f) { f["version"] = 2; },
            "written in format version 2, newer than version 1 that this build of Kiln reads"),
        edit(
            "version string", [](json& f) { f["version"] = "1"; },
            "field 'version' is a string, but must be an integer"),
        edit(
            "version zero", [](json& f) { f["version"] = 0; }, "field 'version' is 0"),
        edit(
            "no params", [](json& f) { f.erase("params"); }, "missing field 'params'"),
        edit(
            "params object", [](json& f) { f["params"] = json::object(); },
            "field 'params' is an object, but must be an array"),
        edit(
            "entry not object", [](json& f) { f["params"][1] = 3; },
            "params[1]: the entry is an integer, but must be an object"),
        edit(
            "no name", [](json& f) { f["params"][1].erase("name"); },
            "params[1]: missing field 'name'"),
        edit(
            "name number", [](json& f) { f["params"][0]["name"] = 7; },
            "params[0]: field 'name' is an integer, but must be a string"),
        edit(
            "duplicate name", [](json& f) { f["params"][1]["name"] = "a"; },
            "params[1]: the name 'a' is taken by params[0]"),
        edit(
            "no constraint", [](json& f) { f["params"][1].erase("constraint"); },
            "params[1] ('b'): missing field 'constraint'"),
        edit(
            "unknown constraint", [](json& f) { f["params"][0]["constraint"]["name"] = "wiggly"; },
            "params[0] ('a'): constraint: unknown constraint 'wiggly'"),
        edit(
            "interval without upper bound",
            [](json& f) {
              json bound = {{"dtype", "float64"}, {"shape", json::array()}, {"values", {0.}}};
              f["params"][0]["constraint"] = {{"name", "interval"}, {"lower_bound", bound}};
            },
            "params[0] ('a'): constraint: missing field 'upper_bound'"),
        edit(
            "bad bound",
            [](json& f) {
              json bound = {{"dtype", "float64"}, {"shape", {2}}, {"values", {0.}}};
              f["params"][0]["constraint"] = {{"name", "greater_than"}, {"lower_bound", bound}};
            },
            "constraint: lower_bound: shape (2,) has 2 elements, but 'values' holds 1"),
        edit(
            "independent base missing",
            [](json& f) {
              f["params"][0]["constraint"] = {{"name", "independent"},
                                              {"reinterpreted_batch_ndims", 1}};
            },
            "constraint: missing field 'base'"),
        edit(
            "independent base broken",
            [](json& f) {
              f["params"][0]["constraint"] = {{"name", "independent"},
                                              {"base", {{"name", 3}}},
                                              {"reinterpreted_batch_ndims", 1}};
            },
            "constraint: base: field 'name' is an integer, but must be a string"),
        edit(
            "independent negative",
            [](json& f) {
              f["params"][0]["constraint"] = {{"name", "independent"},
                                              {"base", {{"name", "positive"}}},
                                              {"reinterpreted_batch_ndims", -1}};
            },
            "field 'reinterpreted_batch_ndims' is -1, but must be nonnegative"),
        edit(
            "discrete constraint",
            [](json& f) {
              f["params"][0]["constraint"] = {{"name", "integer"}};
            },
            "do not fit the constraint integer"),
        edit(
            "no values", [](json& f) { f["params"][0].erase("values"); },
            "params[0] ('a'): missing field 'values'"),
        edit(
            "too many values", [](json& f) { f["params"][0]["values"].push_back(1.); },
            "params[0] ('a'): shape (2,) has 2 elements, but 'values' holds 3"),
        edit(
            "shape not list", [](json& f) { f["params"][0]["shape"] = 2; },
            "field 'shape' is an integer, but must be an array"),
        edit(
            "negative size", [](json& f) { f["params"][0]["shape"] = {-2}; },
            "shape[0] is -2, but must be a nonnegative integer"),
        edit(
            "huge shape",
            [](json& f) {
              f["params"][0]["shape"] = {int64_t(1) << 40, int64_t(1) << 40};
            },
            "has too many elements, but 'values' holds 2"),
        edit(
            "value string", [](json& f) { f["params"][0]["values"][1] = "one"; },
            "values[1] is a string, but must be a number or one of \"nan\", \"inf\", \"-inf\""),
        edit(
            "value null", [](json& f) { f["params"][0]["values"][0] = nullptr; },
            "values[0] is null, but must be a number"),
        edit(
            "unknown dtype", [](json& f) { f["params"][0]["dtype"] = "complex64"; },
            "unknown dtype 'complex64' (known: float64, float32, float16, bfloat16, int64)"),
        edit(
            "integer dtype",
            [](json& f) {
              f["params"][0]["dtype"] = "int64";
              f["params"][0]["values"] = {1, 2};
            },
            "dtype is int64, but unconstrained values must be floating point"),
        edit(
            "float32 overflow",
            [](json& f) {
              f["params"][0]["dtype"] = "float32";
              f["params"][0]["values"][1] = 1e300;
            },
            "values[1] is 1e+300, outside the range of float32"),
        edit(
            "simplex of wrong size",
            [](json& f) {
              f["params"][1]["shape"] = json::array();
              f["params"][1]["values"] = {0.5};
            },
            "params[1] ('b'): values of shape () do not fit the constraint simplex"),
        edit(
            "cholesky of wrong size",
            [](json& f) {
              // 4 is no triangular number n (n + 1) / 2.
              f["params"][1]["constraint"] = {{"name", "lower_cholesky"}};
              f["params"][1]["shape"] = {4};
              f["params"][1]["values"] = {1., 2., 3., 4.};
            },
            "params[1] ('b'): values of shape (4,) do not fit the constraint lower_cholesky"),
    };

    const std::string path = dir.filePath("damaged.json").toStdString();
    for (const Case& k : cases) {
      std::string text = k.text;
      if (k.damage) {
        json f = good;
        k.damage(f);
        text = f.dump();
      }
      write_text(path, text);
      // The target already holds a param the file would replace and one it does not name.
      ParamStore t;
      t.set("a", T(5.));
      t.set("z", T(6.));
      const Snapshot before(t);
      const std::string message = error_of([&] { t.load(path); });
      const std::string context = std::string(k.what) + ": " + message;
      QVERIFY2(contains(message, "cannot load the param store file '" + path + "': "),
               context.c_str());
      QVERIFY2(contains(message, k.expected), context.c_str());
      QVERIFY2(before.same_as(t), context.c_str());
      QVERIFY(at::equal(t.get("a"), T(5.)));
    }

    ParamStore t;
    const std::string missing = dir.filePath("missing.json").toStdString();
    const std::string message = error_of([&] { t.load(missing); });
    QVERIFY2(contains(message, "cannot load the param store file '" + missing +
                                   "': cannot open it: No such file or directory"),
             message.c_str());
    QCOMPARE(t.size(), size_t(0));

    // The good file itself loads.
    t.load(good_path);
    QCOMPARE(t.names(), (std::vector<std::string>{"a", "b"}));
  }

  void paramStoreScopeSwapsStore() {
    ParamStore& original = poutine::param_store();
    poutine::param("outer", T(1.));
    auto mine = std::make_shared<ParamStore>();
    {
      poutine::ParamStoreScope scope(mine);
      QCOMPARE(&poutine::param_store(), mine.get());
      QVERIFY(at::equal(poutine::param("outer", T(2.)), T(2.)));
      poutine::param("inner", T(3.));
      {
        auto nested = std::make_shared<ParamStore>();
        poutine::ParamStoreScope inner_scope(nested);
        QCOMPARE(&poutine::param_store(), nested.get());
      }
      QCOMPARE(&poutine::param_store(), mine.get());
    }
    QCOMPARE(&poutine::param_store(), &original);
    QVERIFY(!original.contains("inner"));
    QVERIFY(at::equal(original.get("outer"), T(1.)));
    QCOMPARE(mine->names(), (std::vector<std::string>{"outer", "inner"}));
  }
};

QTEST_GUILESS_MAIN(ParamStoreTest)
#include "param_store_test.moc"
