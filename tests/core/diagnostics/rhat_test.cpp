// R-hat against known answers: iid chains agree, chains with shifted means or different scales
// or a common trend do not. Spreads from 300 replications with ArviZ 0.x's functions: for 4 x
// 1000 iid draws R-hat has mean 1.0003, sd 0.0006, max 1.0025; with one chain's sd tripled,
// 1.146 +- 0.009 (the bulk part alone, 1.000 +- 0.0006).
#include <cmath>
#include <limits>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/diagnostics/rank_normalization.h"
#include "core/diagnostics/rhat.h"
#include "core/diagnostics/split_chains.h"
#include "core/util/random.h"
#include "tests/support/fixture.h"

using namespace kiln::diagnostics;

namespace {

at::Tensor iid_normal(int64_t chains, int64_t draws) {
  return at::randn({chains, draws}, kiln::generator(), at::kDouble);
}

} // namespace

class RhatTest : public QObject {
  Q_OBJECT

private slots:
  void init() { kiln::test::reset(5); }

  void iidChainsAgree() {
    const double r = rhat(Chains(iid_normal(4, 1000)));
    QVERIFY2(r < 1.01 && r > 0.99, qPrintable(QString::number(r)));
  }

  void shiftedMeansDisagree() {
    at::Tensor x = iid_normal(4, 1000);
    x[3] += 2.0;
    const double r = rhat(Chains(x));
    QVERIFY2(r > 1.1, qPrintable(QString::number(r)));
    QVERIFY(rhat_basic(Chains(x)) > 1.1);
  }

  void differentScalesAreSeenByFolding() {
    at::Tensor x = iid_normal(4, 1000);
    x[3] *= 3.0;
    const double r = rhat(Chains(x));
    QVERIFY2(std::abs(r - 1.146) < 4 * 0.009, qPrintable(QString::number(r)));
    // The ranks alone do not see it.
    const at::Tensor z = rank_normalize(x);
    const SplitChains split = split_chains(Chains(z));
    QVERIFY(rhat_basic(split.view()) < 1.01);
  }

  void aTrendWithinChainsIsSeenBySplitting() {
    // Every chain drifts from -1.5 to 1.5: the whole chains agree, their halves do not.
    const at::Tensor x = iid_normal(4, 1000) * 0.5 + at::linspace(-1.5, 1.5, 1000, at::kDouble);
    QVERIFY(rhat_basic(Chains(x)) < 1.01);
    QVERIFY(rhat(Chains(x)) > 1.1);
  }

  void classicFormulaOnAKnownCase() {
    // Chains {0, 2} and {4, 6}: W = 2, B = n var(means) = 2 * 8 = 16,
    // R = sqrt((B / W + n - 1) / n) = sqrt((8 + 1) / 2).
    QCOMPARE(rhat_basic(Chains(kiln::test::T({{0., 2.}, {4., 6.}}))), std::sqrt(4.5));
  }

  void oneChainOrShortOrNonFiniteGiveNan() {
    QVERIFY(std::isnan(rhat(Chains(iid_normal(1, 1000)))));
    QVERIFY(std::isnan(rhat(Chains(iid_normal(4, 3)))));
    at::Tensor x = iid_normal(4, 100);
    x[2][50] = std::numeric_limits<double>::quiet_NaN();
    QVERIFY(std::isnan(rhat(Chains(x))));
  }
};

QTEST_APPLESS_MAIN(RhatTest)
#include "rhat_test.moc"
