// The pieces of warmup: Stan's window schedule, dual averaging, the regularized Welford
// estimates, and the step size search.
#include <cmath>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/infer/mcmc/adaptation_schedule.h"
#include "core/infer/mcmc/dual_averaging.h"
#include "core/infer/mcmc/integrator.h"
#include "core/infer/mcmc/step_size_search.h"
#include "core/infer/mcmc/welford.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"
#include "tests/support/gaussian_potential.h"

using namespace kiln;
using namespace kiln::infer::mcmc;

namespace {

std::vector<std::pair<int64_t, int64_t>> windows(int64_t warmup, WindowConfig config = {}) {
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const AdaptationWindow& w : adaptation_windows(warmup, config))
    out.emplace_back(w.begin, w.end);
  return out;
}

using Windows = std::vector<std::pair<int64_t, int64_t>>;

} // namespace

class AdaptationTest : public QObject {
  Q_OBJECT
private slots:
  void init() { kiln::test::reset(11); }

  // The windows CmdStan's adaptation reports for these warmups (its "adapt_window" schedule:
  // 25, 50, 100, 200, then the rest to the terminal buffer).
  void stanWindows() {
    QCOMPARE(windows(1000), (Windows{{75, 99}, {100, 149}, {150, 249}, {250, 449}, {450, 949}}));
    QCOMPARE(windows(500), (Windows{{75, 99}, {100, 149}, {150, 249}, {250, 449}}));
    QCOMPARE(windows(200), (Windows{{75, 99}, {100, 149}}));
    QCOMPARE(windows(150), (Windows{{75, 99}}));
    // Too short for 75 + 25 + 50: buffers of 15% and 10%, one window between.
    QCOMPARE(windows(100), (Windows{{15, 89}}));
    QCOMPARE(windows(20), (Windows{{3, 17}}));
    QVERIFY(windows(19).empty());
    // 2000: 25, 50, 100, 200, 400; the next (800, to 1649) leaves no room for one twice as
    // long before 1950, so it is stretched to 1949.
    QCOMPARE(windows(2000),
             (Windows{{75, 99}, {100, 149}, {150, 249}, {250, 449}, {450, 849}, {850, 1949}}));
    QCOMPARE(windows(300, WindowConfig{10, 20, 10}), (Windows{{10, 29}, {30, 69}, {70, 289}}));
    bool threw = false;
    try {
      windows(100, WindowConfig{10, 0, 10});
    } catch (const DomainError&) {
      threw = true;
    }
    QVERIFY(threw);
  }

  // On a synthetic acceptance curve a(eps) = exp(-eps), dual averaging settles where
  // a = target: eps = -log(target). The averaged iterate forgets its start (mu = log 10, far
  // above) slowly, with weights t^-kappa: within 5% after 5000 iterations.
  void dualAveragingFindsTheTarget() {
    for (double target : {0.6, 0.8, 0.95}) {
      DualAveraging da(target);
      double eps = 1.0;
      da.restart(std::log(10 * eps));
      for (int t = 0; t < 5000; ++t)
        eps = da.update(std::exp(-eps));
      const double expected = -std::log(target);
      QVERIFY2(std::abs(da.averaged_step_size() / expected - 1) < 0.05,
               (std::to_string(target) + ": " + std::to_string(da.averaged_step_size())).c_str());
    }
  }

  // The first update by hand (Hoffman & Gelman, algorithm 5, t = 1, t0 = 10, gamma = 0.05,
  // kappa = 0.75): H_bar = (0.8 - a) / 11, log eps = mu - H_bar / 0.05, log eps_bar = log eps.
  void dualAveragingFirstStep() {
    DualAveraging da(0.8);
    da.restart(std::log(10.0));
    const double eps = da.update(0.3);
    const double log_eps = std::log(10.0) - (0.5 / 11) / 0.05;
    QCOMPARE(std::log(eps), log_eps);
    QCOMPARE(std::log(da.averaged_step_size()), log_eps);
    // Statistics above 1 count as 1, nan as 0.
    DualAveraging a(0.8), b(0.8);
    a.restart(0.0);
    b.restart(0.0);
    QCOMPARE(a.update(1.7), b.update(1.0));
    QCOMPARE(a.update(NAN), b.update(0.0));
  }

  // Welford against the two-pass estimates, with Stan's shrinkage n/(n+5) S + 1e-3 5/(n+5) I.
  void welfordMatchesTwoPass() {
    const int64_t n = 57, dim = 4;
    const at::Tensor x = at::randn({n, dim}, at::kDouble) * 3 + 1;
    const at::Tensor c = x - x.mean(0);
    const at::Tensor cov = c.t().matmul(c) / (n - 1);
    const double shrink = n / (n + 5.0), ridge = 1e-3 * 5 / (n + 5.0);
    for (bool dense : {false, true}) {
      WelfordEstimator w(dim, dense);
      const at::Tensor xc = x.contiguous();
      for (int64_t i = 0; i < n; ++i)
        w.add(xc.data_ptr<double>() + i * dim);
      QCOMPARE(w.count(), n);
      const std::vector<double> got = w.regularized();
      const at::Tensor expected =
          dense ? shrink * cov + ridge * at::eye(dim, at::kDouble) : shrink * cov.diag() + ridge;
      const at::Tensor g = at::tensor(got, at::kDouble).reshape(expected.sizes());
      QVERIFY((g - expected).abs().max().item<double>() < 1e-12);
      w.restart();
      QCOMPARE(w.count(), int64_t(0));
    }
    WelfordEstimator one(2, false);
    one.add(std::vector<double>{1.0, 2.0}.data());
    bool threw = false;
    try {
      one.regularized();
    } catch (const Error&) {
      threw = true;
    }
    QVERIFY(threw);
  }

  // The search doubles or halves from 1 until the one-step acceptance crosses 0.8: a power of
  // two, of the order of the target's scale (a leapfrog step on N(0, s^2) is stable below 2 s,
  // and its energy error grows as (eps / s)^2).
  void stepSizeSearch() {
    const auto normal = kiln::test::GaussianPotential::diagonal(std::vector<double>(10, 0.0),
                                                                std::vector<double>(10, 1.0));
    const auto narrow = kiln::test::GaussianPotential::diagonal(std::vector<double>(10, 0.0),
                                                                std::vector<double>(10, 0.01));
    for (const auto* potential : {&normal, &narrow}) {
      PhasePoint start(10);
      for (int i = 0; i < 10; ++i)
        start.q[i] = potential == &normal ? 0.5 : 0.005;
      evaluate(*potential, start);
      MassMatrix mass(10, false);
      RandomSource random;
      const double eps = find_reasonable_step_size(*potential, mass, start, 1.0, random);
      const double scale = potential == &normal ? 1.0 : 0.01;
      // A power of two times 1, of the order of the target's scale.
      QCOMPARE(std::exp2(std::round(std::log2(eps))), eps);
      QVERIFY2(eps > 0.1 * scale && eps < 4 * scale, std::to_string(eps).c_str());
    }
  }

  // A flat direction (an improper posterior) makes the search grow without end: an Error.
  void stepSizeSearchOnAFlatTarget() {
    struct Flat : Potential {
      int64_t dim() const override { return 1; }
      double value(const double*) const override { return 0.0; }
      double value_and_grad(const double*, double* g) const override {
        g[0] = 0.0;
        return 0.0;
      }
    } flat;
    PhasePoint start(1);
    evaluate(flat, start);
    MassMatrix mass(1, false);
    RandomSource random;
    QString message;
    try {
      find_reasonable_step_size(flat, mass, start, 1.0, random);
    } catch (const Error& e) {
      message = e.what();
    }
    QVERIFY2(message.contains("improper"), qPrintable(message));
  }
};

QTEST_APPLESS_MAIN(AdaptationTest)
#include "adaptation_test.moc"
