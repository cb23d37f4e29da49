// Init strategies (Pyro's pyro.infer.autoguide.initialization), the InitHandler, and
// initialize(): values in the support and of the site's shape, uniform draws within the radius
// on the unconstrained space, medians and means near the distribution's, and the error that
// names the sites where no valid point was found.
#include <cmath>
#include <functional>
#include <memory>
#include <string>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/continuous/cauchy.h"
#include "core/dist/continuous/exponential.h"
#include "core/dist/continuous/half_cauchy.h"
#include "core/dist/continuous/normal.h"
#include "core/dist/continuous/uniform.h"
#include "core/dist/discrete/bernoulli.h"
#include "core/dist/multivariate/dirichlet.h"
#include "core/dist/multivariate/lkj_cholesky.h"
#include "core/dist/positive/beta.h"
#include "core/dist/positive/gamma.h"
#include "core/dist/transforms/biject_to.h"
#include "core/infer/initialization.h"
#include "core/infer/model_density.h"
#include "core/poutine/handlers/substitute.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using namespace kiln::infer;
using poutine::sample;

namespace {

double d(const at::Tensor& t) {
  return t.item<double>();
}

// A latent site as the handler hands it to a strategy.
poutine::Message site_of(const std::string& name, const dist::DistPtr& fn) {
  poutine::Message msg;
  msg.name = name;
  msg.fn = fn;
  return msg;
}

// One site of each kind of support, in a plate where it has a batch.
poutine::Model supports_model() {
  return [] {
    {
      poutine::Plate plate("plate", 50);
      sample("normal", dist::Normal(0., 1.));
    }
    sample("half_cauchy", dist::HalfCauchy(5.));
    sample("beta", dist::Beta(2., 3.));
    sample("uniform", dist::Uniform(1., 3.));
    sample("dirichlet", dist::Dirichlet(T({1., 1., 1., 1.})));
    sample("lkj", dist::LKJCholesky(3, 2.));
  };
}

void check_in_support(const poutine::Site& s) {
  QCOMPARE(s.value.sizes().vec(), s.fn->extended_shape());
  QVERIFY2(s.fn->support()->check(s.value).all().item<bool>(), s.name.c_str());
}

template <typename E> std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(no error)";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

class InitializationTest : public QObject {
  Q_OBJECT
private slots:
  void init() { reset(11); }

  // Uniform on (-radius, radius) before the map: every unconstrained coordinate lies inside,
  // and over many draws some come near the edge.
  void uniformStaysWithinTheRadius() {
    for (double radius : {2.0, 0.5}) {
      double largest = 0;
      for (int k = 0; k < 40; ++k) {
        poutine::Trace trace =
            poutine::get_trace(init_to(supports_model(), init_to_uniform(radius)));
        for (const poutine::Site& s : trace.sites()) {
          if (s.type != poutine::SiteType::Sample)
            continue;
          check_in_support(s);
          at::Tensor u = dist::biject_to(s.fn->support())->inverse(s.value);
          const double m = d(u.abs().max());
          QVERIFY2(m < radius + 1e-9, (s.name + ": " + std::to_string(m)).c_str());
          largest = std::max(largest, m);
        }
      }
      QVERIFY(largest > 0.95 * radius);
    }
  }

  // The median of 10001 draws of Exponential(2) is within 4.5 standard errors of ln 2 / 2
  // (the sample median's sd is 1 / (2 f(m) sqrt(n)) with f(m) = 1 here).
  void medianOfManyDrawsIsTheMedian() {
    at::Tensor v = init_to_median(10001)(site_of("e", dist::Exponential(2.).shared()));
    QVERIFY(std::abs(d(v) - std::log(2.0) / 2) < 4.5 * 0.005);
    // HalfCauchy(5): median 5, f(5) = 1 / (5 pi), sd = 1 / (2 f(5) 100).
    v = init_to_median(10001)(site_of("h", dist::HalfCauchy(5.).shared()));
    QVERIFY(std::abs(d(v) - 5.0) < 4.5 / (2 * 100 / (5 * M_PI)));
  }

  // With the default 15 draws each element is a 15-draw median: over a batch of 1000 they
  // centre on the median (sd of one ~ sqrt(pi / 2) * 2 / sqrt(15) = 0.647) and spread far less
  // than single draws (sd 2).
  void medianOfFifteenDraws() {
    at::Tensor v = init_to_median()(site_of("n", dist::Normal(3., 2.).expand({1000})));
    QCOMPARE(v.sizes().vec(), (Shape{1000}));
    QVERIFY(std::abs(d(v.mean()) - 3.0) < 4.5 * 0.647 / std::sqrt(1000.0));
    const double sd = d(v.std());
    QVERIFY2(sd > 0.5 && sd < 0.8, std::to_string(sd).c_str());
  }

  // A multivariate site falls back to the feasible point (an elementwise median of simplexes
  // is not a simplex).
  void medianOfMultivariateSiteIsFeasible() {
    at::Tensor v = init_to_median()(site_of("w", dist::Dirichlet(T({1., 2., 5.})).shared()));
    QVERIFY(at::allclose(v, at::full({3}, 1.0 / 3, at::kDouble), 1e-12, 1e-12));
  }

  void meanIsTheMean() {
    QVERIFY(std::abs(d(init_to_mean()(site_of("g", dist::Gamma(3., 2.).shared()))) - 1.5) < 1e-12);
    QVERIFY(std::abs(d(init_to_mean()(site_of("b", dist::Beta(2., 3.).shared()))) - 0.4) < 1e-12);
    at::Tensor w = init_to_mean()(site_of("w", dist::Dirichlet(T({1., 2., 3.})).shared()));
    QVERIFY(at::allclose(w, T({1. / 6, 2. / 6, 3. / 6}), 1e-12, 1e-12));
    at::Tensor n = init_to_mean()(site_of("n", dist::Normal(T({1., 2.}), 1.).expand({3, 2})));
    QVERIFY(at::allclose(n, T({{1., 2.}, {1., 2.}, {1., 2.}}), 0, 0));
  }

  // HalfCauchy and Cauchy have no mean: init_to_mean gives what init_to_median gives.
  void meanFallsBackToMedian() {
    for (const dist::DistPtr& fn : {dist::HalfCauchy(5.).shared(), dist::Cauchy(0., 1.).shared()}) {
      reset(3);
      at::Tensor mean = init_to_mean()(site_of("c", fn));
      reset(3);
      at::Tensor median = init_to_median()(site_of("c", fn));
      QCOMPARE(d(mean), d(median));
      QVERIFY(std::isfinite(d(mean)));
    }
  }

  // Prior draws: in the support, of the site's shape, centred on the mean (4.5 standard errors).
  void sampleIsAPriorDraw() {
    poutine::Trace trace = poutine::get_trace(init_to(supports_model(), init_to_sample()));
    for (const poutine::Site& s : trace.sites())
      if (s.type == poutine::SiteType::Sample)
        check_in_support(s);
    at::Tensor v = init_to_sample()(site_of("n", dist::Normal(3., 2.).expand({4000})));
    QVERIFY(std::abs(d(v.mean()) - 3.0) < 4.5 * 2 / std::sqrt(4000.0));
    QVERIFY(std::abs(d(v.std()) - 2.0) < 0.1);
  }

  // The unconstrained zero: 0, 1, the middle of an interval, the simplex's centre, the identity.
  void feasibleIsTheUnconstrainedZero() {
    QCOMPARE(d(init_to_feasible()(site_of("n", dist::Normal(3., 2.).shared()))), 0.0);
    QCOMPARE(d(init_to_feasible()(site_of("e", dist::Exponential(2.).shared()))), 1.0);
    QCOMPARE(d(init_to_feasible()(site_of("b", dist::Beta(2., 3.).shared()))), 0.5);
    QCOMPARE(d(init_to_feasible()(site_of("u", dist::Uniform(1., 3.).shared()))), 2.0);
    at::Tensor w = init_to_feasible()(site_of("w", dist::Dirichlet(T({1., 2., 3.})).shared()));
    QVERIFY(at::allclose(w, at::full({3}, 1.0 / 3, at::kDouble), 1e-12, 1e-12));
    at::Tensor L = init_to_feasible()(site_of("L", dist::LKJCholesky(3, 2.).shared()));
    QVERIFY(at::allclose(L, at::eye(3, at::kDouble), 0, 1e-12));
    // A discrete site has no unconstrained space: a prior draw.
    at::Tensor k = init_to_feasible()(site_of("k", dist::Bernoulli(dist::Probs{0.3}).shared()));
    QVERIFY(d(k) == 0.0 || d(k) == 1.0);
  }

  void valueForNamedSitesFallbackForOthers() {
    InitFn fn = init_to_value({{"beta", T(0.25)}}, init_to_feasible());
    poutine::Trace trace = poutine::get_trace(init_to(supports_model(), fn));
    QCOMPARE(d(trace.at("beta").value), 0.25);
    QCOMPARE(d(trace.at("half_cauchy").value), 1.0);
    QCOMPARE(d(trace.at("uniform").value), 2.0);
    // The default fallback is init_to_uniform(2).
    trace = poutine::get_trace(init_to(supports_model(), init_to_value({{"beta", T(0.25)}})));
    QCOMPARE(d(trace.at("beta").value), 0.25);
    QVERIFY(std::abs(std::log(d(trace.at("half_cauchy").value))) < 2.0);
  }

  void wrongShapeNamesTheSite() {
    InitFn fn = init_to_value({{"beta", T({0.25, 0.5})}});
    const std::string message =
        error_of<ShapeError>([&] { poutine::get_trace(init_to(supports_model(), fn)); });
    QVERIFY2(contains(message, "initialization of site 'beta'") &&
                 contains(message, "shape (2,)") && contains(message, "site has shape ()"),
             message.c_str());
  }

  // Observed sites, and sites an inner handler has given a value, keep their values.
  void handlerLeavesValuedSitesAlone() {
    poutine::Model model = [] {
      sample("a", dist::Normal(0., 1.));
      sample("obs", dist::Normal(0., 1.), T(7.));
    };
    poutine::Model inner = poutine::substitute(model, {{"a", T(-4.)}});
    poutine::Trace trace = poutine::get_trace(init_to(inner, init_to_feasible()));
    QCOMPARE(d(trace.at("a").value), -4.0);
    QCOMPARE(d(trace.at("obs").value), 7.0);
  }

  void initializeFindsAFinitePoint() {
    poutine::Model model = [] {
      at::Tensor mu = sample("mu", dist::Normal(0., 5.));
      at::Tensor tau = sample("tau", dist::HalfCauchy(5.));
      poutine::Plate plate("groups", 3);
      sample("obs", dist::Normal(mu, tau), T({1., 2., 4.}));
    };
    ModelDensity density(model);
    at::Tensor x = initialize(density);
    QCOMPARE(x.sizes().vec(), (Shape{2}));
    QVERIFY(d(x.abs().max()) < 2.0);
    auto [pe, grad] = density.potential_and_grad(x);
    QVERIFY(std::isfinite(pe) && at::isfinite(grad).all().item<bool>());
  }

  // A factor of -inf for x < 0: the tries go on until one lands where x > 0.
  void initializeSkipsInfinitePoints() {
    poutine::Model model = [] {
      at::Tensor x = sample("x", dist::Normal(0., 1.));
      poutine::factor("half", at::where(x > 0, at::zeros_like(x), at::full_like(x, -INFINITY)));
    };
    ModelDensity density(model);
    for (int k = 0; k < 10; ++k)
      QVERIFY(d(initialize(density)) > 0);
  }

  void initializeNamesTheFactorThatIsNeverFinite() {
    poutine::Model model = [] {
      at::Tensor x = sample("x", dist::Normal(0., 1.));
      poutine::factor("wall", at::where(x > 3, at::zeros_like(x), at::full_like(x, -INFINITY)));
    };
    ModelDensity density(model);
    const std::string message = error_of<Error>([&] { initialize(density); });
    QVERIFY2(contains(message, "in 100 tries") &&
                 contains(message, "at site 'wall' (100 of 100 tries)") &&
                 contains(message, "last values tried: x = "),
             message.c_str());
  }

  // The observation lies outside the support for every x the strategy can give.
  void initializeNamesTheObservationOutsideItsSupport() {
    poutine::Model model = [] {
      at::Tensor x = sample("x", dist::Normal(0., 1.));
      sample("obs", dist::Uniform(x - 0.5, x + 0.5), T(5.));
    };
    ModelDensity density(model);
    const std::string message =
        error_of<Error>([&] { initialize(density, init_to_uniform(), 20); });
    QVERIFY2(contains(message, "in 20 tries") && contains(message, "site 'obs' (20 of 20 tries)"),
             message.c_str());
  }

  // An error raised in the model's body (a distribution given a negative scale) is reported.
  // The scale turns negative after the density is built, which needs a valid first run.
  void initializeReportsTheModelsError() {
    auto broken = std::make_shared<bool>(false);
    poutine::Model model = [broken] {
      at::Tensor s = sample("s", dist::Normal(0., 1.));
      sample("obs", dist::Normal(0., (*broken ? -1 : 1) * (s.abs() + 0.1)), T(1.));
    };
    ModelDensity density(model);
    *broken = true;
    const std::string message = error_of<Error>([&] { initialize(density, init_to_uniform(), 5); });
    QVERIFY2(contains(message, "the model raised: Normal: scale is") &&
                 contains(message, "last values tried: s = "),
             message.c_str());
  }

  // Shape errors are bugs: rethrown from the first try.
  void initializeRethrowsShapeErrors() {
    ModelDensity density(supports_model());
    const std::string message = error_of<ShapeError>([&] {
      initialize(density, init_to_value({{"uniform", T({2., 2.})}}));
    });
    QVERIFY2(contains(message, "'uniform'"), message.c_str());
  }
};

QTEST_APPLESS_MAIN(InitializationTest)
#include "initialization_test.moc"
