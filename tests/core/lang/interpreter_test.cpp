// The interpreter end to end: model files run under poutine handlers give the log joint a hand
// formula gives; errors come back with the model's traceback; limits stop runaway models.

#include <QtTest/QtTest>

#include <cmath>
#include <thread>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/lang/data_binding.h"
#include "core/lang/interpreter.h"
#include "core/poutine/handlers/condition.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/param_store.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::lang;
using test::T;

namespace {

const char* kEightSchools = R"(import torch
import pyro
import pyro.distributions as dist


def model(J, y, sigma):
    mu = pyro.sample("mu", dist.Normal(0., 5.))
    tau = pyro.sample("tau", dist.HalfCauchy(5.))
    with pyro.plate("schools", J):
        theta_raw = pyro.sample("theta_raw", dist.Normal(0., 1.))
        theta = pyro.deterministic("theta", mu + tau * theta_raw)
        pyro.sample("obs", dist.Normal(theta, sigma), obs=y)
)";

double normal_lp(double x, double m, double s) {
  return -0.5 * std::pow((x - m) / s, 2) - std::log(s) - 0.5 * std::log(2 * M_PI);
}

std::string run_error(Program& p, const std::string& fn, CallArgs args = {}) {
  try {
    p.call(p.global(fn), std::move(args));
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

std::unique_ptr<Program> load(const std::string& text, Limits limits = {}) {
  DiagnosticSink sink;
  auto p = std::make_unique<Program>(Source("model.py", text), sink, limits);
  if (!p->ok())
    qWarning("%s", format_diagnostics(sink, p->source()).c_str());
  return p;
}

} // namespace

class InterpreterTest : public QObject {
  Q_OBJECT
private slots:
  void init() {
    test::reset();
    poutine::param_store().clear();
  }

  void eightSchoolsLogJointMatchesHandFormula() {
    auto p = load(kEightSchools);
    QVERIFY(p->ok());
    const std::vector<double> y{28, 8, -3, 7, -1, 1, 18, 12}, s{15, 10, 16, 11, 9, 11, 10, 18};
    CallArgs args;
    args.positional = {Value(int64_t(8)), Value(at::tensor(y, at::kDouble)),
                       Value(at::tensor(s, at::kDouble))};
    poutine::Trace tr = poutine::get_trace([&] { p->call(p->global("model"), args); });
    QCOMPARE(tr.stochastic_nodes(), (std::vector<std::string>{"mu", "tau", "theta_raw"}));
    double mu = tr.at("mu").value.item<double>(), tau = tr.at("tau").value.item<double>();
    at::Tensor raw = tr.at("theta_raw").value;
    QCOMPARE(raw.sizes().vec(), (std::vector<int64_t>{8}));
    double expected = normal_lp(mu, 0, 5) + std::log(2 / M_PI * 5 / (25 + tau * tau));
    for (int j = 0; j < 8; ++j) {
      double r = raw[j].item<double>();
      expected += normal_lp(r, 0, 1) + normal_lp(y[j], mu + tau * r, s[j]);
    }
    QVERIFY(std::abs(tr.log_prob_sum().item<double>() - expected) < 1e-10);
    QVERIFY(at::allclose(tr.at("theta").value, mu + tau * raw));
  }

  void fstringsFormatAsPython() {
    // Expected strings printed by CPython 3.11 running the same function.
    // (moc misreads a '#' inside a raw string, so that line is an ordinary literal.)
    auto p =
        load(R"(
def f(t, x, name):
    return [f"x_{t}", f"{x:.3f}|{x:10.2e}|{x:+g}|{x:%}",
)"
             "            f\"{t:03d}|{t:>5}|{t:<5}|{t:^7}|{t:x}|{t:#b}\", f\"{name!r}:{name:*^9}\","
             R"(
            f"{1234567:,}|{0.5:.0%}|{-2.0}|{3.0:.3}|{1e20:.3}", "{0}-{1}-{0}".format("a", 2),
            "{name}={v:.2f}".format(name="mu", v=1.0/3), f"{{t}}={t}", f"{True}|{True:d}|{None}",
            f'{[1, 2]}', format(2.5, "08.3f"), str(7)]
)");
    QVERIFY(p->ok());
    CallArgs args;
    args.positional = {Value(int64_t(7)), Value(3.14159), Value(std::string("mu"))};
    Value out = p->call(p->global("f"), args);
    QCOMPARE(QString::fromStdString(repr(out)),
             QString("['x_7', '3.142|  3.14e+00|+3.14159|314.159000%', "
                     "'007|    7|7    |   7   |7|0b111', \"'mu':***mu****\", "
                     "'1,234,567|50%|-2.0|3.0|1e+20', 'a-2-a', 'mu=0.33', '{t}=7', "
                     "'True|1|None', '[1, 2]', '0002.500', '7']"));
    auto bad = load("def g(x):\n    return f\"{x:d}\"\n");
    CallArgs fl;
    fl.positional = {Value(1.5)};
    QCOMPARE(QString::fromStdString(run_error(*bad, "g", fl)).section('\n', 0, 0),
             QString("Unknown format code 'd' for object of type 'float'"));
  }

  void configEnumerateDecoratesAModel() {
    auto q = load(std::string("import torch\n") + R"(
import pyro
import pyro.distributions as dist
from pyro.infer import config_enumerate


@config_enumerate
def model():
    z = pyro.sample("z", dist.Categorical(torch.ones(3) / 3))
    pyro.sample("x", dist.Normal(0., 1.), obs=torch.tensor(0.5))


@pyro.infer.config_enumerate(default="sequential")
def model2():
    pyro.sample("z", dist.Bernoulli(0.5))
)");
    QVERIFY(q->ok());
    poutine::Trace tr = poutine::get_trace([&] { q->call(q->global("model"), {}); });
    QCOMPARE(poutine::infer_string(tr.at("z").infer, "enumerate", ""), std::string("parallel"));
    QVERIFY(tr.at("x").infer.count("enumerate") == 0);
    tr = poutine::get_trace([&] { q->call(q->global("model2"), {}); });
    QCOMPARE(poutine::infer_string(tr.at("z").infer, "enumerate", ""), std::string("sequential"));
  }

  // As in Pyro, a callable initial value of pyro.param runs only when the param is created.
  void paramWithACallableInitRunsItOnce() {
    auto q = load(std::string("import torch\n") + R"(
import pyro

calls = [0]


def start():
    calls[0] += 1
    return torch.tensor([1, 2])


def guide():
    return pyro.param("p", lambda: start())


def count():
    return calls[0]
)");
    QVERIFY(q->ok());
    for (int i = 0; i < 3; ++i) {
      const Value p = q->call(q->global("guide"), {});
      QVERIFY(at::equal(p.get<at::Tensor>(), at::tensor({1.0, 2.0}, at::kDouble)));
    }
    QCOMPARE(q->call(q->global("count"), {}).get<int64_t>(), int64_t{1});
    QVERIFY(poutine::param_store().get("p").scalar_type() == at::kDouble);
  }

  // Nested infer dicts reach the site as dotted keys (TraceGraph_ELBO's baseline options).
  void nestedInferDictsAreFlattened() {
    auto q = load(std::string("import torch\n") + R"(
import pyro
import pyro.distributions as dist


def guide():
    pyro.sample("z", dist.Bernoulli(0.5),
                infer={"baseline": {"use_decaying_avg_baseline": True, "baseline_beta": 0.95}})
)");
    QVERIFY(q->ok());
    poutine::Trace tr = poutine::get_trace([&] { q->call(q->global("guide"), {}); });
    QVERIFY(poutine::infer_bool(tr.at("z").infer, "baseline.use_decaying_avg_baseline"));
    QCOMPARE(std::get<double>(tr.at("z").infer.at("baseline.baseline_beta")), 0.95);
  }

  void dataBindsByNameWithTorchTensorDtypes() {
    auto p = load(kEightSchools);
    auto data = values_from_json(nlohmann::json::parse(R"({"J": 8, "sigma": [15, 10, 16, 11,
        9, 11, 10, 18], "y": [28.0, 8, -3, 7, -1, 1, 18, 12], "note": "unused"})"),
                                 "schools.json");
    QVERIFY(data.at("J").is<int64_t>());
    QVERIFY(data.at("sigma").get<at::Tensor>().scalar_type() == at::kLong);
    QVERIFY(data.at("y").get<at::Tensor>().scalar_type() == at::kDouble);
    auto* fn = dynamic_cast<Function*>(p->global("model").get<ObjectPtr>().get());
    std::vector<std::string> unused;
    CallArgs args = bind_data(*fn, data, "schools.json", &unused);
    QCOMPARE(unused, (std::vector<std::string>{"note"}));
    poutine::Trace tr = poutine::get_trace([&] { p->call(p->global("model"), args); });
    QVERIFY(at::equal(tr.at("obs").value, data.at("y").get<at::Tensor>()));

    data.erase("y");
    try {
      bind_data(*fn, data, "schools.json");
      QFAIL("no error");
    } catch (const Error& e) {
      QCOMPARE(QString(e.what()),
               QString("model() needs 'y', which schools.json does not provide"));
    }
    QVERIFY_THROWS_EXCEPTION(Error, values_from_json(nlohmann::json::parse("[1, 2]"), "d.json"));
    QVERIFY_THROWS_EXCEPTION(
        ShapeError, values_from_json(nlohmann::json::parse(R"({"x": [[1, 2], [3]]})"), "d.json"));
  }

  void pythonSemantics() {
    auto p = load(R"(
def f(n, *args, scale=2, **kw):
    total = 0
    for i in range(n):
        if i % 2 == 0:
            continue
        total += i * scale
    squares = [x * x for x in range(4) if x > 0]
    d = {k: v for k, v in zip(["a", "b"], [1, 2])}
    g = lambda t: t + len(args)
    a, (b, c) = 1, (2, 3)
    while True:
        a += 1
        if a > 5:
            break
    return total, squares, d["b"], g(10), a + b + c, 1 < 2 < 3, -7 // 2, 7 % -3, 2 ** 10, kw


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
)");
    QVERIFY(p->ok());
    CallArgs args;
    args.positional = {Value(int64_t(6)), Value(int64_t(9)), Value(int64_t(9))};
    args.keywords = {{"scale", Value(int64_t(3))}, {"extra", Value(true)}};
    Value r = p->call(p->global("f"), args);
    QCOMPARE(QString::fromStdString(repr(r)),
             QString("(27, [1, 4, 9], 2, 12, 11, True, -4, -2, 1024, {'extra': True})"));
    CallArgs n;
    n.positional = {Value(int64_t(10))};
    QCOMPARE(p->call(p->global("fact"), n).get<int64_t>(), int64_t(3628800));
  }

  void tensorCodeAndIndexing() {
    auto p = load(R"(
import torch
def f():
    x = torch.arange(12.).reshape(3, 4)
    y = x[1:, ::2]
    z = x[..., None].shape
    x[0, 0] = 100.
    return y.sum().item(), z, x[0, 0].item(), (x @ torch.ones(4)).shape, x.T.shape
)");
    QVERIFY(p->ok());
    Value r = p->call(p->global("f"), {});
    QCOMPARE(QString::fromStdString(repr(r)), QString("(28.0, (3, 4, 1), 100.0, (3,), (4, 3))"));
  }

  void unknownNameSuggestsAndTracebackNamesFrames() {
    auto p = load(R"(
def helper(sigma):
    return sigam * 2


def model(sigma):
    return helper(sigma)
)");
    QVERIFY(p->ok());
    CallArgs args;
    args.positional = {Value(1.0)};
    std::string msg = run_error(*p, "model", args);
    QVERIFY2(msg.find("name 'sigam' is not defined; did you mean 'sigma'?") != std::string::npos,
             msg.c_str());
    QVERIFY2(msg.find("File \"model.py\", line 7, in model") != std::string::npos, msg.c_str());
    QVERIFY2(msg.find("File \"model.py\", line 3, in helper") != std::string::npos, msg.c_str());
    QVERIFY2(msg.find("return sigam * 2") != std::string::npos, msg.c_str());
  }

  void wrongDistributionArgumentNamesFamilyAndParameter() {
    auto p = load(R"(
import pyro
import pyro.distributions as dist
def model():
    pyro.sample("x", dist.Normal(0., -1.))
)");
    std::string msg = run_error(*p, "model");
    QVERIFY2(msg.find("Normal") != std::string::npos && msg.find("scale") != std::string::npos,
             msg.c_str());
  }

  void limitsStopRunawayModels() {
    Limits limits;
    limits.max_call_depth = 50;
    limits.max_steps = 100000;
    auto p = load(R"(
def deep(n):
    return deep(n + 1)


def spin():
    while True:
        pass
)",
                  limits);
    CallArgs args;
    args.positional = {Value(int64_t(0))};
    QVERIFY(run_error(*p, "deep", args).find("maximum recursion depth (50)") != std::string::npos);
    QVERIFY(run_error(*p, "spin").find("more than 100000 steps") != std::string::npos);
  }

  void defaultDepthLimitIsReachedBeforeTheStackOverflows() {
    auto p = load(R"(
def deep(n):
    return [deep(n + 1) if n >= 0 else 0][0] + 1
)");
    CallArgs args;
    args.positional = {Value(int64_t(0))};
    std::string msg;
    std::thread worker([&] { msg = run_error(*p, "deep", args); });
    worker.join();
    QVERIFY2(msg.find("maximum recursion depth (250)") != std::string::npos, msg.c_str());
  }
};

QTEST_APPLESS_MAIN(InterpreterTest)
#include "interpreter_test.moc"
