// ESS against known answers. The sampling spread of each estimate (its sd over 200-300
// replications of the same experiment, with ArviZ 0.x's own functions in numpy) sets each
// tolerance at 4 sd; the seeds are fixed.
#include <cmath>
#include <limits>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/diagnostics/autocovariance.h"
#include "core/diagnostics/ess.h"
#include "core/util/error.h"
#include "core/util/random.h"
#include "tests/support/fixture.h"

using namespace kiln::diagnostics;

namespace {

at::Tensor iid_normal(int64_t chains, int64_t draws) {
  return at::randn({chains, draws}, kiln::generator(), at::kDouble);
}

// Stationary AR(1) chains x_t = rho x_{t-1} + e_t, e_t ~ N(0, 1).
at::Tensor ar1(double rho, int64_t chains, int64_t draws) {
  const at::Tensor noise = iid_normal(chains, draws);
  at::Tensor x = at::empty({chains, draws}, at::kDouble);
  const double* e = noise.data_ptr<double>();
  double* out = x.data_ptr<double>();
  for (int64_t c = 0; c < chains; ++c) {
    double v = e[c * draws] / std::sqrt(1 - rho * rho);
    for (int64_t t = 0; t < draws; ++t) {
      if (t > 0)
        v = rho * v + e[c * draws + t];
      out[c * draws + t] = v;
    }
  }
  return x;
}

void check_within(double actual, double expected, double tolerance, const char* what) {
  QVERIFY2(
      std::abs(actual - expected) <= tolerance,
      qPrintable(
          QString("%1: %2, expected %3 +- %4").arg(what).arg(actual).arg(expected).arg(tolerance)));
}

} // namespace

class EssTest : public QObject {
  Q_OBJECT

private slots:
  void init() { kiln::test::reset(11); }

  void iidDrawsGiveAboutN() {
    // 4 x 1000 iid N(0, 1): sd of the estimates over 300 replications: bulk 168, mean 168,
    // tail 185, basic 177 (the estimators' means are 3940, 3940, 3844, 3919).
    const Chains x(iid_normal(4, 1000));
    check_within(ess_bulk(x), 4000, 4 * 168, "ess_bulk");
    check_within(ess_mean(x), 4000, 4 * 168, "ess_mean");
    check_within(ess_tail(x), 4000, 4 * 185, "ess_tail");
    check_within(ess(x), 4000, 4 * 177, "ess");
  }

  void ar1GivesNTimesOneMinusRhoOverOnePlusRho() {
    // N (1 - rho) / (1 + rho) for 4 x 5000 draws: 6666.7 for rho = 0.5 (sd over 200
    // replications: 289) and 512.8 for rho = 0.95 (sd 63).
    const Chains half(ar1(0.5, 4, 5000));
    check_within(ess_mean(half), 20000.0 * 0.5 / 1.5, 4 * 289, "ess_mean, rho 0.5");
    check_within(ess_bulk(half), 20000.0 * 0.5 / 1.5, 4 * 289, "ess_bulk, rho 0.5");
    const Chains sticky(ar1(0.95, 4, 5000));
    check_within(ess_mean(sticky), 20000.0 * 0.05 / 1.95, 4 * 63, "ess_mean, rho 0.95");
    check_within(ess(sticky), 20000.0 * 0.05 / 1.95, 4 * 63, "ess, rho 0.95");
  }

  void slowlyMixingChainsTakeTheFftPath() {
    // rho = 0.99, 4 x 50000: 1005 (sd over 100 replications: 89). The autocorrelation at lag
    // 16 is 0.85, so every lag comes from one FFT.
    const Chains x(ar1(0.99, 4, 50000));
    check_within(ess_mean(x), 200000.0 * 0.01 / 1.99, 4 * 89, "ess_mean, rho 0.99");
    check_within(ess_bulk(x), 200000.0 * 0.01 / 1.99, 4 * 89, "ess_bulk, rho 0.99");
  }

  void directAndFftLagsAgree() {
    const at::Tensor x = ar1(0.95, 3, 400);
    const at::Tensor fft = autocovariance(x).mean(0);
    MeanAutocovariance direct(Chains{x});
    for (int64_t lag = 0; lag < MeanAutocovariance::kDirectLags; ++lag)
      QVERIFY(std::abs(direct.at_lag(lag) - fft[lag].item<double>()) < 1e-12);
    // The first lag past the direct ones switches to the FFT for every lag.
    for (int64_t lag : {int64_t{399}, MeanAutocovariance::kDirectLags, int64_t{0}, int64_t{5}})
      QVERIFY(std::abs(direct.at_lag(lag) - fft[lag].item<double>()) < 1e-12);
  }

  void antitheticChainsAreCappedAtNLog10N() {
    // x_t = (-1)^t: rho_1 < -1, so Geyer's sequence ends at once and tau is clamped to
    // 1 / log10(N): ESS = N log10 N = 200 for N = 100.
    const at::Tensor x = (at::arange(100, at::kDouble).remainder(2) * 2 - 1).reshape({1, 100});
    QCOMPARE(ess(Chains(x)), 100 * std::log10(100.0));
  }

  void equalValuesGiveTheNumberOfDraws() {
    const at::Tensor x = at::full({2, 10}, 3.5, at::kDouble);
    QCOMPARE(ess(Chains(x)), 20.0);
    QCOMPARE(ess_bulk(Chains(x)), 20.0); // the split chains hold 2 x 2 x 5 values
    QCOMPARE(ess_tail(Chains(x)), 20.0);
  }

  void shortOrNonFiniteDrawsGiveNan() {
    QVERIFY(std::isnan(ess_bulk(Chains(iid_normal(4, 3)))));
    QVERIFY(std::isnan(ess_mean(Chains(iid_normal(4, 0)))));
    QVERIFY(std::isnan(ess(Chains(iid_normal(4, 1)))));
    at::Tensor x = iid_normal(2, 50);
    x[1][7] = std::numeric_limits<double>::quiet_NaN();
    QVERIFY(std::isnan(ess_bulk(Chains(x))));
    QVERIFY(std::isnan(ess_tail(Chains(x))));
    x[1][7] = std::numeric_limits<double>::infinity();
    QVERIFY(std::isnan(ess(Chains(x))));
  }

  void inputsOfOtherDtypesAndBuffersAgree() {
    const at::Tensor x = iid_normal(2, 100);
    const double from_tensor = ess_bulk(Chains(x));
    QCOMPARE(ess_bulk(Chains(x.data_ptr<double>(), 2, 100)), from_tensor);
    QCOMPARE(ess_bulk(Chains(x.t().contiguous().t())), from_tensor);
    const at::Tensor flags = x > 0;
    QCOMPARE(ess(Chains(flags)), ess(Chains(flags.to(at::kDouble))));
  }

  void badArgumentsAreErrors() {
    QVERIFY_THROWS_EXCEPTION(kiln::ShapeError,
                             static_cast<void>(Chains(iid_normal(1, 8).reshape({8}))));
    QVERIFY_THROWS_EXCEPTION(kiln::ShapeError, static_cast<void>(Chains(at::Tensor())));
    QVERIFY_THROWS_EXCEPTION(kiln::ShapeError, static_cast<void>(Chains(nullptr, 2, 10)));
    QVERIFY_THROWS_EXCEPTION(kiln::DomainError, ess_tail(Chains(iid_normal(2, 10)), 1.5));
    QVERIFY_THROWS_EXCEPTION(kiln::DomainError, ess_quantile(Chains(iid_normal(2, 10)), -0.1));
  }
};

QTEST_APPLESS_MAIN(EssTest)
#include "ess_test.moc"
