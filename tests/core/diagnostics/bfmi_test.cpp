// E-BFMI and the sampler's warning counts. E-BFMI of 1000 iid energies has sd 0.061 around 2
// (200 replications with ArviZ 0.x's bfmi); of a Gaussian random walk of 1000 steps, at most
// 0.062 in 300 replications.
#include <cmath>
#include <limits>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/diagnostics/bfmi.h"
#include "core/diagnostics/sampler_counts.h"
#include "core/util/error.h"
#include "core/util/random.h"
#include "tests/support/fixture.h"

using namespace kiln::diagnostics;

class BfmiTest : public QObject {
  Q_OBJECT

private slots:
  void init() { kiln::test::reset(4); }

  void iidEnergiesGiveAboutTwo() {
    const std::vector<double> b =
        e_bfmi(Chains(at::randn({4, 1000}, kiln::generator(), at::kDouble) * 3.0 + 10.0));
    QCOMPARE(b.size(), size_t{4});
    for (double v : b)
      QVERIFY2(std::abs(v - 2.0) < 4 * 0.061, qPrintable(QString::number(v)));
  }

  void aRandomWalkIsFlaggedLow() {
    const at::Tensor walk = at::randn({4, 1000}, kiln::generator(), at::kDouble).cumsum(1);
    for (double v : e_bfmi(Chains(walk)))
      QVERIFY2(v < kLowBfmi && v > 0, qPrintable(QString::number(v)));
  }

  void exactOnASmallChain() {
    // Energies 1, 3, 2: jumps 4 + 1 = 5 over squared deviations 1 + 1 + 0 = 2.
    QCOMPARE(e_bfmi(Chains(kiln::test::T({{1., 3., 2.}})))[0], 2.5);
  }

  void shortOrNonFiniteChainsGiveNan() {
    QVERIFY(std::isnan(e_bfmi(Chains(kiln::test::T({{1., 2.}}).narrow(1, 0, 1)))[0]));
    const std::vector<double> b = e_bfmi(
        Chains(kiln::test::T({{1., 2., 4.}, {1., std::numeric_limits<double>::infinity(), 2.}})));
    QVERIFY(!std::isnan(b[0]) && std::isnan(b[1]));
  }

  void divergencesAndSaturatedTreesAreCountedPerChain() {
    const at::Tensor diverging = kiln::test::T({{0., 1., 1., 0.}, {0., 0., 0., 1.}}) != 0;
    const ChainCounts d = count_divergences(diverging);
    QCOMPARE(d.per_chain, (std::vector<int64_t>{2, 1}));
    QCOMPARE(d.total(), int64_t{3});
    QCOMPARE(count_divergences(diverging.to(at::kInt)).total(), int64_t{3});
    const at::Tensor depth = at::tensor({3, 10, 10, 4, 2, 9, 11, 10}, at::kLong).reshape({2, 4});
    const ChainCounts t = count_max_tree_depth(depth, 10);
    QCOMPARE(t.per_chain, (std::vector<int64_t>{2, 2}));
    QVERIFY_THROWS_EXCEPTION(kiln::ShapeError, count_divergences(at::zeros({4}, at::kBool)));
  }
};

QTEST_APPLESS_MAIN(BfmiTest)
#include "bfmi_test.moc"
