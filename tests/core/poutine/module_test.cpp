// pyro.module: a network's parameters go into the param store under "name$$$param", the
// network computes with the stored tensors, and gradients reach the store's leaves.
#include <string>
#include <utility>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>
#include <torch/csrc/autograd/autograd.h>

#include "core/dist/continuous/normal.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/param_store.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;

namespace {

// y = x W^T + b, as torch.nn.Linear.
class Linear : public poutine::Module {
public:
  Linear(int64_t in, int64_t out)
      : weight(at::randn({out, in}, at::kDouble)), bias(at::randn({out}, at::kDouble)) {}
  std::vector<std::pair<std::string, at::Tensor*>> named_parameters() override {
    return {{"weight", &weight}, {"bias", &bias}};
  }
  at::Tensor forward(const at::Tensor& x) const { return at::matmul(x, weight.t()) + bias; }

  at::Tensor weight, bias;
};

} // namespace

class ModuleTest : public QObject {
  Q_OBJECT
private slots:
  void init() {
    reset();
    poutine::param_store().clear();
  }

  void registersParamsUnderPyroNames() {
    Linear net(3, 2);
    const auto w0 = net.weight.clone(), b0 = net.bias.clone();
    poutine::module("net", net);
    auto& store = poutine::param_store();
    QCOMPARE(store.names(), (std::vector<std::string>{"net$$$weight", "net$$$bias"}));
    QVERIFY(at::equal(store.get("net$$$weight"), w0));
    QVERIFY(at::equal(store.get("net$$$bias"), b0));
    QVERIFY(at::equal(net.weight, w0));
    QVERIFY(net.weight.requires_grad());
  }

  void gradientReachesStoreLeaves() {
    Linear net(3, 2);
    poutine::module("net", net);
    auto& store = poutine::param_store();
    const auto w = store.unconstrained("net$$$weight");
    const auto b = store.unconstrained("net$$$bias");
    QVERIFY(w.is_leaf() && b.is_leaf());

    const auto x = T({{1., 2., 3.}, {4., 5., 6.}});
    const auto loss = net.forward(x).sum();
    // d loss / dW[j][k] = sum_i x[i][k]; d loss / db[j] = number of rows.
    const auto grads = torch::autograd::grad({loss}, {w, b});
    QVERIFY(at::equal(grads[0], T({{5., 7., 9.}, {5., 7., 9.}})));
    QVERIFY(at::equal(grads[1], T({2., 2.})));
  }

  void computesWithTheStoredTensors() {
    Linear net(2, 1);
    poutine::module("net", net);
    auto& store = poutine::param_store();
    const auto x = T({{1., -1.}});

    // An optimizer step on the store's leaf is what the network computes with.
    {
      at::NoGradGuard no_grad;
      store.unconstrained("net$$$weight").copy_(T({{2., 3.}}));
      store.unconstrained("net$$$bias").copy_(T({0.5}));
    }
    QVERIFY(at::allclose(net.forward(x), T({-0.5}).view({1, 1})));

    // A later call reads the store again, and the network's own values do not overwrite it.
    Linear other(2, 1);
    poutine::module("net", other);
    QVERIFY(at::allclose(other.forward(x), T({-0.5}).view({1, 1})));
    store.set("net$$$bias", T({1.5}));
    poutine::module("net", net);
    QVERIFY(at::allclose(net.forward(x), T({0.5}).view({1, 1})));
  }

  void traceSeesModuleParams() {
    Linear net(2, 2);
    const auto trace = poutine::get_trace([&] {
      poutine::module("net", net);
      poutine::sample("y", dist::Normal(net.forward(T({{1., 0.}})), 1.));
    });
    QCOMPARE(trace.param_nodes(), (std::vector<std::string>{"net$$$weight", "net$$$bias"}));
    QCOMPARE(trace.stochastic_nodes(), std::vector<std::string>{"y"});
  }
};

QTEST_GUILESS_MAIN(ModuleTest)
#include "module_test.moc"
