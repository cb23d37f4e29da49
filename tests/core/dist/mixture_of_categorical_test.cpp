// MixtureSameFamily over a Categorical, the way a Pyro user writes a Gaussian mixture.
#include <QtTest/QtTest>

#include <ATen/ATen.h>

#include "core/dist/registry.h"
#include "tests/support/fixture.h"

using namespace kiln;
using kiln::test::T;

class MixtureOfCategoricalTest : public QObject {
  Q_OBJECT
private slots:
  void init() { test::reset(); }

  void logProbIsTheWeightedSumOfComponents() {
    auto weights = dist::make_distribution("Categorical", {{"probs", T({0.3, 0.7})}});
    auto components =
        dist::make_distribution("Normal", {{"loc", T({-1., 2.})}, {"scale", T({1., 0.5})}});
    auto mix =
        dist::make_distribution("MixtureSameFamily", {{"mixture_distribution", weights},
                                                      {"component_distribution", components}});
    QCOMPARE(mix->batch_shape(), Shape{});
    // numpy.logaddexp(log(0.3) + norm.logpdf(x, -1, 1), log(0.7) + norm.logpdf(x, 2, 0.5)),
    // SciPy 1.10.1, x = [-1.5, 0.3, 2.2]
    auto expected = T({-2.2479113374095268, -2.934906552896612, -0.661080026118035});
    auto got = mix->log_prob(T({-1.5, 0.3, 2.2}));
    QVERIFY(at::allclose(got, expected, 1e-12, 1e-12));
  }

  void samplesFollowTheMixtureWeights() {
    auto weights = dist::make_distribution("Categorical", {{"logits", T({0., std::log(3.)})}});
    auto components =
        dist::make_distribution("Normal", {{"loc", T({-10., 10.})}, {"scale", T({1., 1.})}});
    auto mix =
        dist::make_distribution("MixtureSameFamily", {{"mixture_distribution", weights},
                                                      {"component_distribution", components}});
    const int64_t n = 20000;
    const double share = (mix->sample({n}) > 0).to(at::kDouble).mean().item<double>();
    // Binomial standard error of the share of the second component (weight 3/4).
    QVERIFY(std::abs(share - 0.75) < 4.5 * std::sqrt(0.75 * 0.25 / n));
  }
};

QTEST_APPLESS_MAIN(MixtureOfCategoricalTest)
#include "mixture_of_categorical_test.moc"
