// The optimizers' updates against the rules torch 1.13 documents (and Pyro's ClippedAdam), on
// three steps; gradient clipping; the learning-rate schedules; per-name state.

#include <QtTest/QtTest>

#include <cmath>
#include <memory>
#include <vector>

#include <ATen/ATen.h>

#include "core/infer/svi/optimizers/adam.h"
#include "core/infer/svi/optimizers/clipped_adam.h"
#include "core/infer/svi/optimizers/lr_schedule.h"
#include "core/infer/svi/optimizers/sgd.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::infer::svi;
using test::T;

namespace {

using Rows = std::vector<std::vector<double>>;

// Runs three steps from p = [1, -2] with the gradients of optimizers_reference.py and compares
// each iterate with the reference rows printed by that script.
void check_steps(Optimizer& optim, const Rows& expected) {
  const Rows grads = {{0.5, -1.5}, {-0.3, 0.8}, {2.0, 0.1}};
  at::Tensor p = T({1.0, -2.0}).requires_grad_(true);
  for (size_t t = 0; t < grads.size(); ++t) {
    p.mutable_grad() = T({grads[t][0], grads[t][1]});
    optim.step({{"p", p}});
    for (int i = 0; i < 2; ++i) {
      const double got = p[i].item<double>();
      QVERIFY2(std::abs(got - expected[t][i]) < 1e-12 * (1 + std::abs(expected[t][i])),
               qPrintable(QString("step %1 [%2]: %3 vs %4")
                              .arg(t + 1)
                              .arg(i)
                              .arg(got, 0, 'g', 17)
                              .arg(expected[t][i], 0, 'g', 17)));
    }
  }
}

} // namespace

class OptimizersTest : public QObject {
  Q_OBJECT

private slots:
  void init() { test::reset(3); }

  void adamDefaults() {
    AdamOptions o;
    o.lr = 0.1;
    Adam adam(o);
    check_steps(adam, {{0.900000002, -1.9000000006666666},
                       {0.8808501989417752, -1.8759156087492757},
                       {0.8153780382571119, -1.8610850575410915}});
  }

  void adamAmsgradWeightDecay() {
    AdamOptions o;
    o.lr = 0.1;
    o.beta1 = 0.8;
    o.beta2 = 0.99;
    o.eps = 0.1;
    o.weight_decay = 0.5;
    o.amsgrad = true;
    Adam adam(o);
    check_steps(adam, {{0.9090909090909091, -1.9038461538461537},
                       {0.8439259367855045, -1.8399902144786},
                       {0.7633764410948718, -1.7755110484975445}});
  }

  void adamWDecouplesTheDecay() {
    AdamOptions o = adamw_defaults();
    QCOMPARE(o.weight_decay, 1e-2);
    o.lr = 0.1;
    o.weight_decay = 0.5;
    AdamW adamw(o);
    check_steps(adamw, {{0.8500000019999999, -1.8000000006666665},
                        {0.7883501988417752, -1.6859156087159421},
                        {0.683460528215023, -1.586789277071961}});
  }

  void clippedAdam() {
    ClippedAdamOptions o;
    o.lr = 0.1;
    o.clip_norm = 1.0;
    o.lrd = 0.9;
    o.weight_decay = 0.2;
    ClippedAdam optim(o);
    QCOMPARE(optim.learning_rate(), 0.1 * 0.9);
    check_steps(optim, {{0.9100000406578372, -1.9100000203289231},
                        {0.8665053427565893, -1.8752481315087957},
                        {0.8109978371595304, -1.842865806618513}});
    QCOMPARE(optim.learning_rate(), 0.1 * std::pow(0.9, 4));
  }

  void sgdPlain() {
    SgdOptions o;
    o.lr = 0.1;
    SGD sgd(o);
    check_steps(sgd, {{0.95, -1.85}, {0.98, -1.93}, {0.78, -1.94}});
  }

  void sgdMomentumDampeningDecay() {
    SgdOptions o;
    o.lr = 0.1;
    o.momentum = 0.9;
    o.dampening = 0.5;
    o.weight_decay = 0.1;
    SGD sgd(o);
    check_steps(sgd, {{0.94, -1.83}, {0.8963, -1.70785}, {0.7524885, -1.5943757500000002}});
  }

  void sgdNesterov() {
    SgdOptions o;
    o.lr = 0.1;
    o.momentum = 0.9;
    o.nesterov = true;
    SGD sgd(o);
    check_steps(sgd, {{0.905, -1.715}, {0.9215, -1.7455}, {0.52935, -1.71995}});
    o.dampening = 0.1;
    QVERIFY_THROWS_EXCEPTION(DomainError, SGD{o});
  }

  void badHyperparameters() {
    AdamOptions a;
    a.beta1 = 1.0;
    QVERIFY_THROWS_EXCEPTION(DomainError, Adam{a});
    a = AdamOptions{};
    a.lr = -1;
    QVERIFY_THROWS_EXCEPTION(DomainError, Adam{a});
    a.lr = std::nan("");
    QVERIFY_THROWS_EXCEPTION(DomainError, Adam{a});
    QVERIFY_THROWS_EXCEPTION(DomainError, StepLR(0));
    QVERIFY_THROWS_EXCEPTION(DomainError, CosineAnnealingLR(10, -1.0));
  }

  // torch.nn.utils.clip_grad_norm_ on one tensor: |(3, 4)| = 5 scaled to norm 1 (up to the
  // 1e-6 torch adds); then clip_grad_value_ clamps elements.
  void gradientClipping() {
    GradClip by_norm{1.0, 0.0};
    at::Tensor g = clip_gradient(T({3.0, 4.0}), by_norm);
    QVERIFY(at::allclose(g, T({3.0, 4.0}) / (5.0 + 1e-6), 0, 1e-15));
    // A gradient inside the norm is left as it is.
    QVERIFY(at::equal(clip_gradient(T({0.3, 0.4}), by_norm), T({0.3, 0.4})));
    GradClip by_value{0.0, 0.5};
    QVERIFY(at::equal(clip_gradient(T({3.0, -4.0, 0.2}), by_value), T({0.5, -0.5, 0.2})));

    // The optimizer clips before its update: SGD with lr 1 moves by the clipped gradient.
    SgdOptions o;
    o.lr = 1.0;
    SGD sgd(o);
    sgd.set_grad_clip(by_value);
    at::Tensor p = T({0.0, 0.0}).requires_grad_(true);
    p.mutable_grad() = T({3.0, -0.1});
    sgd.step({{"p", p}});
    QVERIFY(at::allclose(p, T({-0.5, 0.1})));
  }

  // Closed forms of torch.optim.lr_scheduler after `epoch` steps from lr 0.1.
  void schedules() {
    StepLR step(3, 0.5);
    QCOMPARE(step.lr(0.1, 0), 0.1);
    QCOMPARE(step.lr(0.1, 2), 0.1);
    QCOMPARE(step.lr(0.1, 3), 0.05);
    QCOMPARE(step.lr(0.1, 7), 0.025);
    ExponentialLR exp(0.9);
    QVERIFY(std::abs(exp.lr(0.1, 3) - 0.0729) < 1e-15);
    CosineAnnealingLR cosine(10, 0.01);
    QCOMPARE(cosine.lr(0.1, 0), 0.1);
    QVERIFY(std::abs(cosine.lr(0.1, 5) - 0.055) < 1e-15);
    QVERIFY(std::abs(cosine.lr(0.1, 10) - 0.01) < 1e-15);
    QVERIFY(std::abs(cosine.lr(0.1, 15) - 0.055) < 1e-15);

    // The optimizer steps with the rate of the steps taken so far.
    SgdOptions o;
    o.lr = 0.1;
    SGD sgd(o);
    sgd.set_schedule(std::make_shared<StepLR>(1, 0.5));
    at::Tensor p = T(0.0).requires_grad_(true);
    std::vector<double> moves;
    for (int i = 0; i < 3; ++i) {
      QVERIFY(std::abs(sgd.learning_rate() - 0.1 * std::pow(0.5, i)) < 1e-15);
      const double before = p.item<double>();
      p.mutable_grad() = T(1.0);
      sgd.step({{"p", p}});
      moves.push_back(before - p.item<double>());
    }
    QVERIFY(std::abs(moves[0] - 0.1) < 1e-15 && std::abs(moves[2] - 0.025) < 1e-15);
  }

  // A parameter that joins later starts from fresh state; one without a gradient is left alone.
  void perNameState() {
    AdamOptions o;
    o.lr = 0.1;
    Adam adam(o);
    at::Tensor a = T({1.0, -2.0}).requires_grad_(true);
    at::Tensor b = T(5.0).requires_grad_(true);
    a.mutable_grad() = T({0.5, -1.5});
    adam.step({{"a", a}, {"b", b}});
    QCOMPARE(b.item<double>(), 5.0);
    // b's first update is Adam's first step: lr * sign(grad) up to eps.
    at::Tensor c = T({1.0, -2.0}).requires_grad_(true);
    b.mutable_grad() = T(2.0);
    c.mutable_grad() = T({0.5, -1.5});
    a.mutable_grad() = T({-0.3, 0.8});
    adam.step({{"a", a}, {"b", b}, {"c", c}});
    QVERIFY(std::abs(b.item<double>() - (5.0 - 0.1)) < 1e-8);
    QVERIFY(at::allclose(c, T({0.9, -1.9}), 0, 1e-8));
    // a goes on from its own state: the second row of adamDefaults.
    QVERIFY(at::allclose(a, T({0.8808501989417752, -1.8759156087492757}), 0, 1e-12));
  }
};

QTEST_APPLESS_MAIN(OptimizersTest)
#include "optimizers_test.moc"
