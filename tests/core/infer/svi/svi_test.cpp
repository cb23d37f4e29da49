// SVI with Trace_ELBO and Adam fits conjugate models to their exact posteriors, and a step
// that meets a non-finite loss or gradient fails without touching the parameters.

#include <QtTest/QtTest>

#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/continuous/normal.h"
#include "core/dist/discrete/poisson.h"
#include "core/dist/meta/delta.h"
#include "core/dist/positive/gamma.h"
#include "core/infer/svi/optimizers/adam.h"
#include "core/infer/svi/renyi_elbo.h"
#include "core/infer/svi/svi.h"
#include "core/infer/svi/trace_elbo.h"
#include "core/infer/svi/trace_mean_field_elbo.h"
#include "core/poutine/param_store.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"
#include "tests/support/normal_normal.h"

using namespace kiln;
using namespace kiln::infer::svi;
using namespace kiln::poutine;
using test::T;

namespace {

void normal_guide() {
  auto loc = param("loc", T(0.));
  auto scale = param("scale", T(1.), dist::constraints::positive());
  sample("mu", dist::Normal(loc, scale));
}

// The mean of the last iterates of a parameter and its Monte Carlo standard error from 10
// batch means (the iterates are autocorrelated).
struct Average {
  double mean;
  double se;
};

Average average(const std::vector<double>& xs) {
  const size_t batches = 10;
  const size_t size = xs.size() / batches;
  std::vector<double> means(batches, 0.0);
  for (size_t b = 0; b < batches; ++b) {
    for (size_t i = 0; i < size; ++i)
      means[b] += xs[b * size + i] / size;
  }
  double m = 0, v = 0;
  for (double x : means)
    m += x / batches;
  for (double x : means)
    v += (x - m) * (x - m) / (batches - 1);
  return {m, std::sqrt(v / batches)};
}

// Gamma-Poisson: rate ~ Gamma(2, 1), y_i ~ Poisson(rate); the posterior is
// Gamma(2 + sum y, 1 + n) = Gamma(19, 7).
const at::Tensor& counts() {
  static const at::Tensor y = T({3., 1., 4., 2., 5., 2.});
  return y;
}

void gamma_model() {
  auto rate = sample("rate", dist::Gamma(2., 1.));
  Plate n("data", 6);
  sample("y", dist::Poisson(rate), counts());
}

void gamma_guide() {
  auto a = param("a", T(1.), dist::constraints::positive());
  auto b = param("b", T(1.), dist::constraints::positive());
  sample("rate", dist::Gamma(a, b));
}

} // namespace

class SviTest : public QObject {
  Q_OBJECT

  // Adam at a constant rate from loc 0, scale 1; the average of the iterates after the first
  // third against the exact posterior.
  void fit_normal_normal(const ElboPtr& elbo) {
    // A constant rate: the iterates after the first third are a stationary sequence whose
    // autocorrelation (about 1 / lr steps) is short next to the batches of 400.
    const int kSteps = 6000;
    AdamOptions o;
    o.lr = 0.02;
    SVI svi(test::normal_normal_model, normal_guide, std::make_shared<Adam>(o), elbo);
    std::vector<double> locs, scales;
    for (int i = 0; i < kSteps; ++i) {
      svi.step();
      if (i >= kSteps / 3) {
        locs.push_back(param_store().get("loc").item<double>());
        scales.push_back(param_store().get("scale").item<double>());
      }
    }
    QCOMPARE(svi.steps_taken(), int64_t(kSteps));
    Average loc = average(locs), scale = average(scales);
    QVERIFY2(loc.se < 0.01 && scale.se < 0.01, "the iterates are too noisy to test");
    QVERIFY2(std::abs(loc.mean - test::kNormalNormalMean) < 4 * loc.se + 1e-3,
             qPrintable(QString("loc %1 vs %2 (se %3)")
                            .arg(loc.mean)
                            .arg(test::kNormalNormalMean)
                            .arg(loc.se)));
    QVERIFY2(std::abs(scale.mean - test::kNormalNormalSd) < 4 * scale.se + 1e-3,
             qPrintable(QString("scale %1 vs %2 (se %3)")
                            .arg(scale.mean)
                            .arg(test::kNormalNormalSd)
                            .arg(scale.se)));
  }

private slots:
  void init() {
    test::reset(11);
    param_store().clear();
  }

  void fitsNormalNormal() { fit_normal_normal(std::make_shared<Trace_ELBO>()); }

  // The guide family holds the posterior, so every Renyi bound is tight there too.
  void renyiFitsNormalNormal() {
    ElboConfig c;
    c.num_particles = 4;
    fit_normal_normal(std::make_shared<RenyiELBO>(0.5, c));
  }

  // TraceMeanField_ELBO (closed-form Gamma KL) with vectorized particles: the guide's mean
  // a / b and standard deviation sqrt(a) / b reach the posterior's 19 / 7 and sqrt(19) / 7.
  void fitsGammaPoisson() {
    AdamOptions o;
    o.lr = 0.02;
    ElboConfig c;
    c.num_particles = 4;
    c.vectorize_particles = true;
    SVI svi(gamma_model, gamma_guide, std::make_shared<Adam>(o),
            std::make_shared<TraceMeanField_ELBO>(c));
    const int kSteps = 6000;
    std::vector<double> means, sds;
    for (int i = 0; i < kSteps; ++i) {
      svi.step();
      if (i >= kSteps / 3) {
        const double a = param_store().get("a").item<double>();
        const double b = param_store().get("b").item<double>();
        means.push_back(a / b);
        sds.push_back(std::sqrt(a) / b);
      }
    }
    Average mean = average(means), sd = average(sds);
    QVERIFY2(mean.se < 0.02 && sd.se < 0.02, "the iterates are too noisy to test");
    QVERIFY2(std::abs(mean.mean - 19.0 / 7) < 4 * mean.se + 1e-3,
             qPrintable(QString("mean %1 (se %2)").arg(mean.mean).arg(mean.se)));
    QVERIFY2(std::abs(sd.mean - std::sqrt(19.0) / 7) < 4 * sd.se + 1e-3,
             qPrintable(QString("sd %1 (se %2)").arg(sd.mean).arg(sd.se)));
  }

  // At the exact posterior the ELBO equals the log evidence whatever the draw: the marginal
  // of the data is Normal(0, I + 4 11').
  void lossAtThePosteriorIsTheLogEvidence() {
    param_store().set("loc", T(test::kNormalNormalMean));
    param_store().set("scale", T(test::kNormalNormalSd), dist::constraints::positive());
    SVI svi(test::normal_normal_model, normal_guide, std::make_shared<Adam>(),
            std::make_shared<Trace_ELBO>());
    const at::Tensor cov = at::eye(8, at::kDouble) + 4.0 * at::ones({8, 8}, at::kDouble);
    const at::Tensor x = test::normal_normal_data();
    const double log_evidence = -0.5 * (x.matmul(at::linalg_solve(cov, x))).item<double>() -
                                0.5 * at::logdet(cov).item<double>() - 4.0 * std::log(2 * M_PI);
    for (int i = 0; i < 3; ++i)
      QVERIFY(std::abs(svi.evaluate_loss() + log_evidence) < 1e-9);
  }

  // x = 1e200 has a log density that overflows to -inf.
  void nonFiniteLossNamesTheSite() {
    auto model = [] {
      auto mu = sample("mu", dist::Normal(0., 2.));
      sample("x", dist::Normal(mu, 1.), T(1e200));
    };
    param_store().set("loc", T(0.3));
    param_store().set("scale", T(0.5), dist::constraints::positive());
    SVI svi(model, normal_guide, std::make_shared<Adam>(), std::make_shared<Trace_ELBO>());
    try {
      svi.step();
      QFAIL("expected an error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("SVI step 1") &&
                   QString(e.what()).contains("site 'x' of the model"),
               e.what());
    }
    QCOMPARE(param_store().get("loc").item<double>(), 0.3);
    QCOMPARE(svi.steps_taken(), int64_t(0));
  }

  // The loss is finite (-sqrt|0| = 0) but its gradient at 0 is not: the error names the param.
  void nonFiniteGradientNamesTheParam() {
    auto model = [] {
      auto mu = sample("mu", dist::Normal(0., 2.));
      factor("f", -mu.abs().sqrt());
    };
    auto guide = [] { sample("mu", dist::Delta(param("loc", T(0.)))); };
    SVI svi(model, guide, std::make_shared<Adam>(), std::make_shared<Trace_ELBO>());
    try {
      svi.step();
      QFAIL("expected an error");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("SVI step 1") &&
                   QString(e.what()).contains("param 'loc'"),
               e.what());
    }
    QCOMPARE(param_store().get("loc").item<double>(), 0.0);
    QVERIFY(!param_store().unconstrained("loc").grad().defined());
  }
};

QTEST_APPLESS_MAIN(SviTest)
#include "svi_test.moc"
