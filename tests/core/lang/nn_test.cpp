// torch.nn and torch.nn.functional in the model language: Linear's forward, initialisation and
// registration through pyro.module (poutine::module); activations and Sequential; functional
// calls against ATen.

#include <QtTest/QtTest>

#include <cmath>

#include <ATen/ATen.h>

#include "core/lang/builtins/torch_namespace.h"
#include "core/lang/conversions.h"
#include "core/poutine/param_store.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
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

Value g_nn, g_functional;

template <class E = Error, class F> std::string thrown(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(nothing thrown)";
}

bool same(const at::Tensor& a, const at::Tensor& b) {
  return a.scalar_type() == b.scalar_type() && a.sizes() == b.sizes() &&
         at::allclose(a, b, 1e-12, 1e-12);
}

poutine::Module& as_module(const Value& v) {
  auto module = dynamic_cast<poutine::Module*>(v.get<ObjectPtr>().get());
  if (!module)
    throw Error("not a poutine::Module: " + repr(v));
  return *module;
}

} // namespace

class NnTest : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() {
    Value torch_ns = Value(ObjectPtr(make_torch_namespace()));
    g_nn = attr(torch_ns, "nn");
    g_functional = attr(g_nn, "functional");
  }
  void init() {
    test::reset();
    poutine::param_store().clear();
  }

  void linearForwardIsXWtPlusB() {
    Value linear = call(g_nn, "Linear", {3, 2});
    QCOMPARE(repr(linear), std::string("Linear(in_features=3, out_features=2, bias=True)"));
    at::Tensor w = tensor(attr(linear, "weight")), b = tensor(attr(linear, "bias"));
    QCOMPARE(w.sizes().vec(), (std::vector<int64_t>{2, 3}));
    QCOMPARE(w.scalar_type(), at::kDouble);
    at::Tensor x = at::randn({4, 3}, at::kDouble);
    at::Tensor y = tensor(call(linear, {x}));
    QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{4, 2}));
    QVERIFY(same(y, at::matmul(x, w.t()) + b));
    Value no_bias = call(g_nn, "Linear", {3, 2}, {{"bias", false}});
    QVERIFY(attr(no_bias, "bias").is_none());
    QVERIFY(same(tensor(call(no_bias, {x})), at::matmul(x, tensor(attr(no_bias, "weight")).t())));
    std::string error = thrown<ShapeError>([&] { call(linear, {at::ones({4, 5})}); });
    QVERIFY2(error.rfind("Linear(): mat1 and mat2 shapes cannot be multiplied", 0) == 0,
             error.c_str());
  }

  // torch initialises weight and bias from U(-1/sqrt(in), 1/sqrt(in)): with in = 25 the bound
  // is 0.2, the mean 0 and the variance 0.2^2 / 3.
  void linearInitialisationIsTorchs() {
    at::Tensor w = tensor(attr(call(g_nn, "Linear", {25, 400}), "weight"));
    const double bound = 0.2, n = static_cast<double>(w.numel());
    QVERIFY(w.abs().max().item<double>() <= bound);
    QVERIFY(w.abs().max().item<double>() > 0.99 * bound);
    const double sd = bound / std::sqrt(3.0);
    // Mean within 5 standard errors; variance within 5 standard errors (fourth moment of the
    // uniform: bound^4 / 5, so Var(x^2) = bound^4 (1/5 - 1/9)).
    QVERIFY(std::fabs(w.mean().item<double>()) < 5 * sd / std::sqrt(n));
    const double var_se = std::pow(bound, 2) * std::sqrt((1.0 / 5 - 1.0 / 9) / n);
    QVERIFY(std::fabs(w.pow(2).mean().item<double>() - sd * sd) < 5 * var_se);
  }

  void pyroModuleRegistersLinearsParameters() {
    Value linear = call(g_nn, "Linear", {3, 2});
    at::Tensor w0 = tensor(attr(linear, "weight"));
    poutine::module("net", as_module(linear));
    auto& store = poutine::param_store();
    QVERIFY(store.contains("net$$$weight") && store.contains("net$$$bias"));
    QVERIFY(same(store.get("net$$$weight"), w0));
    // The module now computes with the stored parameters: change them and the output follows.
    store.set("net$$$weight", at::zeros({2, 3}, at::kDouble));
    poutine::module("net", as_module(linear));
    at::Tensor x = at::ones({1, 3}, at::kDouble);
    QVERIFY(same(tensor(call(linear, {x})), tensor(attr(linear, "bias")).unsqueeze(0)));
  }

  void sequentialChainsModulesAndNamesParameters() {
    Value net =
        call(g_nn, "Sequential",
             {call(g_nn, "Linear", {3, 4}), call(g_nn, "ReLU", {}), call(g_nn, "Linear", {4, 1})});
    at::Tensor x = at::randn({5, 3}, at::kDouble);
    QCOMPARE(tensor(call(net, {x})).sizes().vec(), (std::vector<int64_t>{5, 1}));
    std::vector<std::string> names;
    for (auto& [name, t] : as_module(net).named_parameters())
      names.push_back(name);
    QCOMPARE(names, (std::vector<std::string>{"0.weight", "0.bias", "2.weight", "2.bias"}));
    poutine::module("mlp", as_module(net));
    QVERIFY(poutine::param_store().contains("mlp$$$2.bias"));
    QCOMPARE(thrown([&] { call(g_nn, "Sequential", {3}); }),
             std::string("torch.nn.Sequential(): argument 1 must be a torch.nn module, not 'int'"));
  }

  void activationModules() {
    at::Tensor x = T({{-1.0, 0.5, 2.0}, {0.0, -3.0, 1.0}});
    QVERIFY(same(tensor(call(call(g_nn, "ReLU", {}), {x})), at::relu(x)));
    QVERIFY(same(tensor(call(call(g_nn, "Sigmoid", {}), {x})), at::sigmoid(x)));
    QVERIFY(same(tensor(call(call(g_nn, "Tanh", {}), {x})), at::tanh(x)));
    QVERIFY(
        same(tensor(call(call(g_nn, "Softplus", {}, {{"beta", 2}}), {x})), at::softplus(x, 2, 20)));
    QVERIFY(same(tensor(call(call(g_nn, "Softmax", {}, {{"dim", -1}}), {x})), at::softmax(x, -1)));
    QVERIFY(same(tensor(call(call(g_nn, "LogSoftmax", {1}), {x})), at::log_softmax(x, 1)));
    QCOMPARE(repr(call(g_nn, "Softmax", {-1})), std::string("Softmax(dim=-1)"));
    QCOMPARE(thrown([&] {
               call(call(g_nn, "ReLU", {}), {x, x});
             }),
             std::string("ReLU() takes 1 positional argument but 2 were given"));
  }

  void functionalMatchesAten() {
    at::Tensor x = T({{-1.0, 0.5, 2.0}, {0.0, -3.0, 1.0}});
    auto f = [&](const std::string& name, std::vector<Value> args, test::Keywords kw = {}) {
      return tensor(call(g_functional, name, std::move(args), std::move(kw)));
    };
    QVERIFY(same(f("relu", {x}), at::relu(x)));
    QVERIFY(same(f("softplus", {x}, {{"beta", 2}, {"threshold", 1}}), at::softplus(x, 2, 1)));
    QVERIFY(same(f("sigmoid", {x}), at::sigmoid(x)));
    QVERIFY(same(f("tanh", {x}), at::tanh(x)));
    QVERIFY(same(f("elu", {x}, {{"alpha", 0.5}}), at::elu(x, 0.5)));
    QVERIFY(same(f("leaky_relu", {x, 0.2}), at::leaky_relu(x, 0.2)));
    QVERIFY(same(f("gelu", {x}), at::gelu(x)));
    QVERIFY(same(f("logsigmoid", {x}), at::log_sigmoid(x)));
    QVERIFY(same(f("softmax", {x}, {{"dim", 0}}), at::softmax(x, 0)));
    // Without dim, torch's legacy rule picks dim 1 for a matrix.
    QVERIFY(same(f("log_softmax", {x}), at::log_softmax(x, 1)));
    at::Tensor labels = at::tensor({0, 2, 1}, at::kLong);
    at::Tensor one_hot = f("one_hot", {labels}, {{"num_classes", 4}});
    QVERIFY(same(one_hot, at::one_hot(labels, 4)));
    QCOMPARE(one_hot.scalar_type(), at::kLong);
    QVERIFY(same(f("pad", {x, make_tuple({1, 1})}, {{"value", 9.0}}),
                 at::constant_pad_nd(x, {1, 1}, 9.0)));
    at::Tensor w = at::randn({4, 3}, at::kDouble), b = at::randn({4}, at::kDouble);
    QVERIFY(same(f("linear", {x, w, b}), at::linear(x, w, b)));
    QCOMPARE(thrown([&] {
               f("relu", {x}, {{"dim", 1}});
             }),
             std::string("torch.nn.functional.relu() got an unexpected keyword argument 'dim'"));
  }
};

QTEST_APPLESS_MAIN(NnTest)
#include "nn_test.moc"
