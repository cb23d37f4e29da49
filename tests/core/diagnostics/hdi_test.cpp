// HDI and quantiles: exact answers on small sets, and the known intervals of large samples
// (spreads from 200 replications with ArviZ 0.x's _hdi: the lower bound of 100000 N(0, 1)
// draws has sd 0.022).
#include <cmath>
#include <limits>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/diagnostics/hdi.h"
#include "core/diagnostics/quantile.h"
#include "core/util/error.h"
#include "core/util/random.h"
#include "tests/support/fixture.h"

using namespace kiln::diagnostics;
using kiln::test::T;

class HdiTest : public QObject {
  Q_OBJECT

private slots:
  void init() { kiln::test::reset(3); }

  void normalHdiIsAboutPlusMinus188Sd() {
    // Phi^-1(0.97) = 1.8808 (scipy.stats.norm.ppf(0.97)); a sd of 2 doubles it.
    const at::Tensor x = at::randn({4, 25000}, kiln::generator(), at::kDouble) * 2.0 + 1.0;
    const Interval h = hdi(x);
    QVERIFY2(std::abs(h.lower - (1.0 - 2 * 1.8808)) < 2 * 4 * 0.022,
             qPrintable(QString::number(h.lower)));
    QVERIFY2(std::abs(h.upper - (1.0 + 2 * 1.8808)) < 2 * 4 * 0.022,
             qPrintable(QString::number(h.upper)));
  }

  void skewedHdiStartsAtTheMode() {
    // Exponential(1): the 94% HDI is [0, -log(0.06)] = [0, 2.8134], unlike the central
    // interval [0.0305, 3.6889].
    const at::Tensor x = at::empty({100000}, at::kDouble).exponential_(1.0, kiln::generator());
    const Interval h = hdi(x);
    QVERIFY(h.lower >= 0 && h.lower < 0.01);
    // The 94% sample quantile's sd is sqrt(0.94 * 0.06 / n) / 0.06 = 0.0125.
    QVERIFY2(std::abs(h.upper - 2.8134) < 4 * 0.0125, qPrintable(QString::number(h.upper)));
  }

  void narrowestWindowOnASmallSet() {
    // 5 values, prob 0.5: windows of floor(2.5) + 1 = 3 sorted values: widths 2, 2, 7; the
    // leftmost of the narrowest wins.
    const Interval h = hdi(T({10., 3., 1., 4., 2.}), 0.5);
    QCOMPARE(h.lower, 1.0);
    QCOMPARE(h.upper, 3.0);
    const Interval all = hdi(T({{5., 1.}, {3., 2.}}), 0.99);
    QCOMPARE(all.lower, 1.0);
    QCOMPARE(all.upper, 5.0); // floor(0.99 * 4) = 3 steps: the window spans all 4 values
  }

  void quantilesAreType7() {
    // numpy.quantile([1, 2, 3, 4, 5], [0, 0.1, 0.25, 0.5, 0.9, 1]) = [1, 1.4, 2, 3, 4.6, 5].
    const std::vector<double> q = quantiles(T({5., 3., 1., 2., 4.}), {0, 0.1, 0.25, 0.5, 0.9, 1});
    const std::vector<double> expected{1, 1.4, 2, 3, 4.6, 5};
    for (size_t i = 0; i < q.size(); ++i)
      QVERIFY(std::abs(q[i] - expected[i]) < 1e-12);
    const double sorted[] = {1., 2., 3., 4.};
    QCOMPARE(median_of_sorted(sorted, 4), 2.5);
    QCOMPARE(median_of_sorted(sorted, 3), 2.0);
    QCOMPARE(quantiles(T({7.}), {0.3})[0], 7.0);
  }

  void missingDrawsGiveNan() {
    QVERIFY(std::isnan(hdi(at::empty({2, 0}, at::kDouble)).lower));
    QVERIFY(std::isnan(hdi(T({1., std::numeric_limits<double>::quiet_NaN(), 3.})).upper));
    QVERIFY(std::isnan(quantiles(at::empty({0}, at::kDouble), {0.5})[0]));
  }

  void badProbabilitiesAreErrors() {
    QVERIFY_THROWS_EXCEPTION(kiln::DomainError, hdi(T({1., 2.}), 1.0));
    QVERIFY_THROWS_EXCEPTION(kiln::DomainError, hdi(T({1., 2.}), 0.0));
    QVERIFY_THROWS_EXCEPTION(kiln::DomainError,
                             hdi(T({1., 2.}), std::numeric_limits<double>::quiet_NaN()));
    QVERIFY_THROWS_EXCEPTION(kiln::DomainError, quantiles(T({1., 2.}), {1.5}));
    QVERIFY_THROWS_EXCEPTION(kiln::ShapeError, hdi(at::Tensor()));
  }
};

QTEST_APPLESS_MAIN(HdiTest)
#include "hdi_test.moc"
