// kl_divergence: each closed form against the Monte Carlo mean of log p(x) - log q(x) over
// draws from p, exact values where they are short, and the wrappers (Independent, Masked,
// Delta).

#include <QtTest/QtTest>

#include <cmath>
#include <memory>

#include <ATen/ATen.h>

#include "core/dist/continuous/exponential.h"
#include "core/dist/continuous/half_normal.h"
#include "core/dist/continuous/laplace.h"
#include "core/dist/continuous/log_normal.h"
#include "core/dist/continuous/normal.h"
#include "core/dist/discrete/bernoulli.h"
#include "core/dist/discrete/poisson.h"
#include "core/dist/kl.h"
#include "core/dist/meta/delta.h"
#include "core/dist/positive/beta.h"
#include "core/dist/positive/gamma.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::dist;
using test::T;

namespace {

// The closed form agrees with the mean of log p(x) - log q(x), x ~ p, elementwise within four
// standard errors.
void check_against_monte_carlo(const char* name, const Distribution& p, const Distribution& q) {
  const int64_t n = 40000;
  at::Tensor x = p.sample({n});
  at::Tensor ratio = p.log_prob(x) - q.log_prob(x);
  at::Tensor mean = ratio.mean(0);
  at::Tensor se = ratio.std(0) / std::sqrt(static_cast<double>(n));
  at::Tensor kl = kl_divergence(p, q);
  QCOMPARE(kl.sizes().vec(), mean.sizes().vec());
  QVERIFY2(((kl - mean).abs() <= 4 * se + 1e-12).all().item<bool>(),
           qPrintable(QString("%1: closed form %2, Monte Carlo %3 (se %4)")
                          .arg(name)
                          .arg(kl[0].item<double>())
                          .arg(mean[0].item<double>())
                          .arg(se[0].item<double>())));
}

} // namespace

class KlTest : public QObject {
  Q_OBJECT

private slots:
  void init() { test::reset(21); }

  void closedFormsAgreeWithMonteCarlo() {
    check_against_monte_carlo("Normal", Normal(T({0.0, 1.0}), T({1.0, 0.5})),
                              Normal(T({0.5, -1.0}), T({2.0, 1.5})));
    check_against_monte_carlo("LogNormal", LogNormal(T({0.0, 1.0}), T({0.4, 0.5})),
                              LogNormal(T({0.5, 0.2}), T({0.6, 1.5})));
    check_against_monte_carlo("HalfNormal", HalfNormal(T({1.0, 0.5})), HalfNormal(T({2.0, 0.7})));
    check_against_monte_carlo("Laplace", Laplace(T({0.0, 1.0}), T({1.0, 0.5})),
                              Laplace(T({0.5, -1.0}), T({2.0, 1.5})));
    check_against_monte_carlo("Exponential", Exponential(T({1.0, 3.0})),
                              Exponential(T({2.0, 0.5})));
    check_against_monte_carlo("Gamma", Gamma(T({2.0, 0.7}), T({1.0, 3.0})),
                              Gamma(T({3.0, 1.2}), T({0.5, 2.0})));
    check_against_monte_carlo("Beta", Beta(T({2.0, 0.7}), T({1.0, 3.0})),
                              Beta(T({3.0, 1.2}), T({0.5, 2.0})));
    check_against_monte_carlo("Poisson", Poisson(T({2.0, 7.5})), Poisson(T({3.0, 5.0})));
    check_against_monte_carlo("Bernoulli", Bernoulli(Probs{T({0.2, 0.9})}),
                              Bernoulli(Probs{T({0.5, 0.3})}));
  }

  void exactValues() {
    // KL(N(1, 0.5) || N(0, 2)) = log(2 / 0.5) + (0.25 + 1) / 8 - 1/2.
    QVERIFY(std::abs(kl_divergence(Normal(1., 0.5), Normal(0., 2.)).item<double>() -
                     (std::log(4.0) + 1.25 / 8 - 0.5)) < 1e-14);
    // Bernoulli: the two-term sum; p = 0 and p = 1 keep 0 log 0 = 0.
    const double kl = 0.2 * std::log(0.2 / 0.5) + 0.8 * std::log(0.8 / 0.5);
    QVERIFY(
        std::abs(kl_divergence(Bernoulli(Probs{T(0.2)}), Bernoulli(Probs{T(0.5)})).item<double>() -
                 kl) < 1e-14);
    QVERIFY(
        std::abs(kl_divergence(Bernoulli(Probs{T(0.0)}), Bernoulli(Probs{T(0.5)})).item<double>() -
                 std::log(2.0)) < 1e-14);
    // Poisson with rate 0: all mass at 0, KL = q's rate.
    QVERIFY(std::abs(kl_divergence(Poisson(T(0.0)), Poisson(T(2.0))).item<double>() - 2.0) < 1e-14);
  }

  void wrappers() {
    Normal p(T({0.0, 1.0, 2.0}), T({1.0, 0.5, 2.0}));
    Normal q(T({0.5, -1.0, 0.0}), T({2.0, 1.5, 1.0}));
    at::Tensor each = kl_divergence(p, q);
    // Independent pairs sum over the event dims.
    QVERIFY(at::allclose(kl_divergence(*p.to_event(1), *q.to_event(1)), each.sum()));
    QVERIFY_THROWS_EXCEPTION(NotSupportedError,
                             kl_divergence(*p.to_event(1), *q.expand({2, 3})->to_event(2)));
    // Masked pairs are zero where either mask is false.
    at::Tensor mask_p = T({1., 1., 0.}).to(at::kBool);
    at::Tensor mask_q = T({0., 1., 1.}).to(at::kBool);
    at::Tensor masked = kl_divergence(*p.mask(mask_p), *q.mask(mask_q));
    QVERIFY(at::equal(masked, T({0.0, each[1].item<double>(), 0.0})));
    // Delta against anything: minus the log density at the point.
    Delta d(T({0.3, 0.1, -2.0}));
    QVERIFY(at::allclose(kl_divergence(d, q), -q.log_prob(T({0.3, 0.1, -2.0}))));
    // Families without a registered pair.
    QVERIFY_THROWS_EXCEPTION(NotSupportedError, kl_divergence(p, Laplace(0., 1.)));
    QVERIFY(!try_kl_divergence(p, Laplace(0., 1.)).defined());
  }
};

QTEST_APPLESS_MAIN(KlTest)
#include "kl_test.moc"
