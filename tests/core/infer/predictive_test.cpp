// Predictive: the prior predictive's moments match closed forms within Monte Carlo error,
// sequential and vectorized; posterior predictives from stacked draws and from a guide redraw
// the observed sites around each draw; deterministic sites come back; Pyro's shapes and
// default return sites; the errors for inconsistent draws and unknown return sites.
#include <cmath>
#include <memory>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/constraints/guide_constraints.h"
#include "core/dist/continuous/normal.h"
#include "core/infer/autoguide/auto_normal.h"
#include "core/infer/predictive.h"
#include "core/poutine/param_store.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"
#include "tests/support/stats.h"

using namespace kiln;
using namespace kiln::test;
using namespace kiln::infer;
using poutine::sample;

namespace {

// mu ~ Normal(1, 2); y_i ~ Normal(mu, 1) for 3 observed points; shift = mu + 10. The prior
// predictive of y: mean 1, variance 4 + 1, covariance 4 between points.
void model() {
  auto mu = sample("mu", dist::Normal(1., 2.));
  poutine::deterministic("shift", mu + 10);
  poutine::Plate data("data", 3);
  sample("y", dist::Normal(mu, 1.), T({0.3, 1.2, -0.4}));
}

void check_prior_predictive(const poutine::ValueMap& draws, int64_t n) {
  QCOMPARE(draws.size(), size_t(3));
  QCOMPARE(to_shape(draws.at("mu").sizes()), Shape({n, 1}));
  QCOMPARE(to_shape(draws.at("y").sizes()), Shape({n, 3}));
  QCOMPARE(to_shape(draws.at("shift").sizes()), Shape({n, 1}));
  QVERIFY(at::allclose(draws.at("shift"), draws.at("mu") + 10));
  const at::Tensor y = draws.at("y");
  QVERIFY(std::abs(mean_z(y, T({1., 1., 1.}))) < 4);
  QVERIFY(std::abs(variance_z(y, T({5., 5., 5.}))) < 4);
  // var(y0 - y1) = 5 + 5 - 2 * 4: the points share mu (the data were not used).
  QVERIFY(std::abs(variance_z((y.select(1, 0) - y.select(1, 1)).unsqueeze(-1), T({2.}))) < 4);
}

} // namespace

class PredictiveTest : public QObject {
  Q_OBJECT

private slots:
  void init() {
    reset(7);
    poutine::param_store().clear();
  }

  void prior_predictive_matches_closed_forms() {
    PredictiveOptions options;
    options.num_samples = 4000;
    check_prior_predictive(Predictive(model, options)(), 4000);
  }

  void prior_predictive_vectorized() {
    PredictiveOptions options;
    options.num_samples = 4000;
    options.parallel = true;
    check_prior_predictive(Predictive(model, options)(), 4000);
  }

  void posterior_predictive_from_draws() {
    poutine::ValueMap samples{{"mu", at::linspace(-3, 3, 500, at::kDouble)}};
    for (bool parallel : {false, true}) {
      PredictiveOptions options;
      options.parallel = parallel;
      auto draws = Predictive(model, samples, options)();
      // mu is given, so by default only the sites it does not fix come back.
      QVERIFY(!draws.count("mu"));
      QCOMPARE(to_shape(draws.at("y").sizes()), Shape({500, 3}));
      QVERIFY(at::allclose(draws.at("shift").squeeze(-1), samples.at("mu") + 10));
      const at::Tensor residual = (draws.at("y") - samples.at("mu").unsqueeze(-1)).reshape({-1, 1});
      QVERIFY(std::abs(mean_z(residual, T({0.}))) < 4);
      QVERIFY(std::abs(variance_z(residual, T({1.}))) < 4);
    }
  }

  void posterior_predictive_from_a_guide() {
    auto guide = std::make_shared<autoguide::AutoNormal>(model);
    guide->setup();
    poutine::param_store().set("AutoNormal.locs.mu", T(0.5));
    poutine::param_store().set("AutoNormal.scales.mu", T(0.2),
                               dist::constraints::softplus_positive());
    for (bool parallel : {false, true}) {
      PredictiveOptions options;
      options.num_samples = 3000;
      options.parallel = parallel;
      auto by_default = Predictive(model, guide->as_model(), options)();
      QVERIFY(!by_default.count("mu") && by_default.count("y") && by_default.count("shift"));
      options.return_sites = {"mu", "y"};
      auto draws = Predictive(model, guide->as_model(), options)();
      QCOMPARE(draws.size(), size_t(2));
      const at::Tensor mu = draws.at("mu");
      QVERIFY(std::abs(mean_z(mu, T({0.5}))) < 4);
      QVERIFY(std::abs(variance_z(mu, T({0.04}))) < 4);
      const at::Tensor residual = (draws.at("y") - mu).reshape({-1, 1});
      QVERIFY(std::abs(mean_z(residual, T({0.}))) < 4);
      QVERIFY(std::abs(variance_z(residual, T({1.}))) < 4);
    }
  }

  void inconsistent_requests_are_errors() {
    PredictiveOptions options;
    QVERIFY_THROWS_EXCEPTION(DomainError, Predictive(model, options));
    options.num_samples = 7;
    poutine::ValueMap samples{{"mu", at::zeros({5}, at::kDouble)}};
    QVERIFY_THROWS_EXCEPTION(DomainError, Predictive(model, samples, options));
    poutine::ValueMap ragged{{"mu", at::zeros({5}, at::kDouble)},
                             {"other", at::zeros({4}, at::kDouble)}};
    QVERIFY_THROWS_EXCEPTION(ShapeError, Predictive(model, ragged));
    options.return_sites = {"nope"};
    QVERIFY_THROWS_EXCEPTION(Error, Predictive(model, options)());
  }
};

QTEST_APPLESS_MAIN(PredictiveTest)
#include "predictive_test.moc"
