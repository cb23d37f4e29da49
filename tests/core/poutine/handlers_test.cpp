// Semantics of each handler, after Pyro's tests/poutine/test_poutines.py.

#include <QtTest/QtTest>

#include <ATen/ATen.h>

#include "core/dist/continuous/normal.h"
#include "core/dist/discrete/bernoulli.h"
#include "core/dist/positive/gamma.h"
#include "core/dist/validation.h"
#include "core/poutine/handlers/block.h"
#include "core/poutine/handlers/condition.h"
#include "core/poutine/handlers/do_intervention.h"
#include "core/poutine/handlers/infer_config.h"
#include "core/poutine/handlers/lift.h"
#include "core/poutine/handlers/mask.h"
#include "core/poutine/handlers/replay.h"
#include "core/poutine/handlers/scale.h"
#include "core/poutine/handlers/seed.h"
#include "core/poutine/handlers/substitute.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/handlers/uncondition.h"
#include "core/poutine/param_store.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::poutine;
using dist::Normal;
using test::T;

namespace {

// latent -> latent -> observed, with one param: Pyro's usual test model.
at::Tensor g_data = T({0.5, -1.0, 2.0});

void model() {
  auto loc = param("loc", T(0.3));
  auto a = sample("a", Normal(loc, 1.0));
  auto b = sample("b", Normal(a, 2.0));
  sample("y", Normal(b, 1.0).expand({3}), g_data);
}

double normal_lp(double x, double m, double s) {
  return -0.5 * std::pow((x - m) / s, 2) - std::log(s) - 0.5 * std::log(2 * M_PI);
}

double item(const at::Tensor& t) { return t.item<double>(); }

} // namespace

class HandlersTest : public QObject {
  Q_OBJECT
private slots:
  void init() {
    test::reset();
    param_store().clear();
  }

  void sampleWithoutHandlersDrawsOrReturnsObs() {
    auto x = sample("x", Normal(0., 1.));
    QCOMPARE(x.dim(), 0);
    auto y = sample("y", Normal(0., 1.), T(4.0));
    QCOMPARE(item(y), 4.0);
  }

  void traceRecordsSitesInOrder() {
    Trace tr = get_trace(model);
    QCOMPARE(tr.size(), size_t(4));
    QCOMPARE(tr.sites()[0].name, std::string("loc"));
    QVERIFY(tr.sites()[0].type == SiteType::Param);
    QCOMPARE(tr.stochastic_nodes(), (std::vector<std::string>{"a", "b"}));
    QCOMPARE(tr.observation_nodes(), (std::vector<std::string>{"y"}));
    QCOMPARE(tr.param_nodes(), (std::vector<std::string>{"loc"}));
    QCOMPARE(tr.reparameterized_nodes(), (std::vector<std::string>{"a", "b"}));
    QVERIFY(tr.at("y").is_observed);
    QVERIFY(at::equal(tr.at("y").value, g_data));
  }

  void logProbSumIsTheJoint() {
    Trace tr = get_trace(model);
    double a = item(tr.at("a").value), b = item(tr.at("b").value);
    double expected = normal_lp(a, 0.3, 1) + normal_lp(b, a, 2);
    for (double y : {0.5, -1.0, 2.0})
      expected += normal_lp(y, b, 1);
    QVERIFY(std::abs(item(tr.log_prob_sum()) - expected) < 1e-12);
    tr.compute_log_prob();
    QCOMPARE(tr.at("y").log_prob.sizes().vec(), (std::vector<int64_t>{3}));
    auto observed_only = tr.log_prob_sum([](const Site& s) { return s.is_observed; });
    double expected_obs = 0;
    for (double y : {0.5, -1.0, 2.0})
      expected_obs += normal_lp(y, b, 1);
    QVERIFY(std::abs(item(observed_only) - expected_obs) < 1e-12);
  }

  void duplicateSampleSiteIsAnError() {
    auto twice = [] {
      sample("x", Normal(0., 1.));
      sample("x", Normal(0., 1.));
    };
    try {
      get_trace(twice);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(std::string(e.what()).find("multiple sample sites named 'x'") != std::string::npos);
    }
  }

  void conditionObservesNamedSites() {
    Trace tr = get_trace(condition(model, {{"a", T(1.5)}}));
    QVERIFY(tr.at("a").is_observed);
    QCOMPARE(item(tr.at("a").value), 1.5);
    QVERIFY(!tr.at("b").is_observed);
    QCOMPARE(tr.stochastic_nodes(), (std::vector<std::string>{"b"}));
    // The model downstream of "a" saw the conditioned value: b's distribution is centred on it.
    auto* fn = dynamic_cast<const Normal*>(tr.at("b").fn.get());
    QCOMPARE(item(fn->loc()), 1.5);
  }

  void replayReusesGuideValues() {
    auto guide = [] {
      sample("a", Normal(10., 0.1));
      sample("b", Normal(-10., 0.1));
    };
    Trace guide_tr = get_trace(guide);
    Trace tr = get_trace(replay(model, guide_tr));
    QVERIFY(at::equal(tr.at("a").value, guide_tr.at("a").value));
    QVERIFY(at::equal(tr.at("b").value, guide_tr.at("b").value));
    QVERIFY(!tr.at("a").is_observed);
    // Observed sites keep their data even when the guide trace has the name.
    QVERIFY(at::equal(tr.at("y").value, g_data));
  }

  void replayOfAnObservedSiteIsAnError() {
    auto guide = [] { sample("a", Normal(0., 1.), T(0.0)); };
    Trace guide_tr = get_trace(guide);
    try {
      get_trace(replay(model, guide_tr));
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(std::string(e.what()).find("site 'a' must be sampled") != std::string::npos);
    }
  }

  void replayParams() {
    Trace tr = get_trace(replay(model, Trace(), {{"loc", T(7.0)}}));
    QCOMPARE(item(tr.at("loc").value), 7.0);
  }

  void blockHidesEverythingByDefault() {
    Trace tr = get_trace(block(model));
    QCOMPARE(tr.size(), size_t(0));
  }

  void blockHideAndExposeByName() {
    BlockSpec hide;
    hide.hide = {"a"};
    Trace tr = get_trace(block(model, hide));
    QVERIFY(!tr.contains("a"));
    QVERIFY(tr.contains("b") && tr.contains("y") && tr.contains("loc"));

    BlockSpec expose;
    expose.expose = {"a"};
    tr = get_trace(block(model, expose));
    QCOMPARE(tr.size(), size_t(1));
    QVERIFY(tr.contains("a"));
  }

  void blockByType() {
    BlockSpec hide;
    hide.hide_types = {"observe", "param"};
    Trace tr = get_trace(block(model, hide));
    QCOMPARE(tr.size(), size_t(2));
    QVERIFY(tr.contains("a") && tr.contains("b"));

    BlockSpec expose;
    expose.expose_types = {"param"};
    tr = get_trace(block(model, expose));
    QCOMPARE(tr.size(), size_t(1));
    QVERIFY(tr.contains("loc"));
  }

  void blockHiddenSitesAreNotConditionedOutside() {
    // condition outside block never sees "a", so "a" is drawn.
    BlockSpec hide;
    hide.hide = {"a"};
    TraceHandler inner;
    {
      ConditionHandler cond({{"a", T(100.0)}});
      HandlerScope s1(cond);
      BlockHandler blk(hide);
      HandlerScope s2(blk);
      HandlerScope s3(inner);
      model();
    }
    QVERIFY(std::abs(item(inner.trace().at("a").value) - 100.0) > 1.0);
  }

  void blockRejectsHideAndExposeOfOneSite() {
    BlockSpec both;
    both.hide = {"a"};
    both.expose = {"a"};
    QVERIFY_THROWS_EXCEPTION(Error, BlockHandler{both});
  }

  void scaleMultipliesLogDensities() {
    Trace plain = get_trace(seed(model, 3));
    Trace scaled = get_trace(scale(seed(model, 3), 2.5));
    QVERIFY(std::abs(item(scaled.log_prob_sum()) - 2.5 * item(plain.log_prob_sum())) < 1e-10);
    Trace nested = get_trace(scale(scale(seed(model, 3), 2.0), 3.0));
    QCOMPARE(nested.at("a").scale.factor, 6.0);
    QVERIFY_THROWS_EXCEPTION(DomainError, ScaleHandler{-1.0});
  }

  void scaleByTensorBroadcasts() {
    Trace tr = get_trace(scale(model, T({1.0, 2.0, 3.0})));
    tr.compute_log_prob();
    auto y = tr.at("y");
    QVERIFY(at::allclose(y.log_prob, y.unscaled_log_prob * T({1.0, 2.0, 3.0})));
  }

  void maskDropsLogDensities() {
    auto m = T({1.0, 0.0, 1.0}).to(at::kBool);
    Trace tr = get_trace(mask(model, m));
    tr.compute_log_prob();
    auto y = tr.at("y");
    QCOMPARE(item(y.log_prob[1]), 0.0);
    QCOMPARE(item(y.log_prob[0]), item(y.unscaled_log_prob[0]));
    // Nested masks combine with logical and.
    Trace both = get_trace(mask(mask(model, m), T({0.0, 1.0, 1.0}).to(at::kBool)));
    both.compute_log_prob();
    QCOMPARE(both.at("y").log_prob.ne(0).sum().item<int64_t>(), int64_t(1));
    QVERIFY_THROWS_EXCEPTION(ShapeError, MaskHandler{T({1.0})});
  }

  void maskZeroesEvenInfiniteLogDensity() {
    auto outside = [] { sample("x", dist::Gamma(2., 1.), T(-1.0)); };
    dist::enable_validation(false);
    Trace tr = get_trace(mask(outside, at::scalar_tensor(false, at::kBool)));
    QCOMPARE(item(tr.log_prob_sum()), 0.0);
    dist::enable_validation(true);
  }

  void seedMakesRunsReproducibleAndRestoresTheStream() {
    Trace t1 = get_trace(seed(model, 42));
    auto after1 = sample("z", Normal(0., 1.));
    test::reset();
    param_store().clear();
    Trace t2 = get_trace(seed(model, 42));
    auto after2 = sample("z", Normal(0., 1.));
    QVERIFY(at::equal(t1.at("a").value, t2.at("a").value));
    QVERIFY(at::equal(after1, after2));
    Trace t3 = get_trace(seed(model, 43));
    QVERIFY(!at::equal(t1.at("a").value, t3.at("a").value));
    // The seeded run did not consume the outer stream.
    test::reset();
    auto fresh = sample("z", Normal(0., 1.));
    QVERIFY(at::equal(fresh, after2));
  }

  void substituteSetsSamplesAndParamsWithoutObserving() {
    Trace tr = get_trace(substitute(model, {{"a", T(2.0)}, {"loc", T(-4.0)}}));
    QCOMPARE(item(tr.at("a").value), 2.0);
    QVERIFY(!tr.at("a").is_observed);
    QCOMPARE(item(tr.at("loc").value), -4.0);
    QVERIFY(!param_store().contains("loc"));
  }

  void doInterventionCutsTheEdge() {
    Trace tr = get_trace(do_(model, {{"a", T(50.0)}}));
    // "a" is still drawn under its own name, from its prior...
    QVERIFY(tr.contains("a"));
    QVERIFY(std::abs(item(tr.at("a").value) - 50.0) > 1.0);
    QVERIFY(!tr.at("a").is_observed);
    QVERIFY(!tr.contains("a__CF"));
    // ...but b, downstream, saw the intervention.
    auto* fn = dynamic_cast<const Normal*>(tr.at("b").fn.get());
    QCOMPARE(item(fn->loc()), 50.0);
  }

  void unconditionSamplesObservedSites() {
    Trace tr = get_trace(uncondition(model));
    QVERIFY(!tr.at("y").is_observed);
    QVERIFY(!at::equal(tr.at("y").value, g_data));
    auto kept = std::get<at::Tensor>(tr.at("y").infer.at("obs"));
    QVERIFY(at::equal(kept, g_data));
    QVERIFY(infer_bool(tr.at("y").infer, "was_observed"));
  }

  void liftTurnsParamsIntoSamples() {
    Trace tr = get_trace(lift(model, {{"loc", Normal(100., 0.01).shared()}}));
    QVERIFY(tr.at("loc").type == SiteType::Sample);
    QVERIFY(std::abs(item(tr.at("loc").value) - 100.0) < 0.1);
    QVERIFY(!param_store().contains("loc"));
    QCOMPARE(tr.stochastic_nodes(), (std::vector<std::string>{"loc", "a", "b"}));
  }

  void inferConfigAndConfigEnumerate() {
    auto discrete = [] {
      auto p = sample("p", dist::Bernoulli(dist::Probs{0.3}));
      sample("q", dist::Bernoulli(dist::Probs{0.6}), {}, {{"enumerate", std::string("sequential")}});
      sample("x", Normal(p, 1.0));
      sample("o", dist::Bernoulli(dist::Probs{0.5}), T(1.0));
    };
    Trace tr = get_trace(config_enumerate(discrete));
    QCOMPARE(infer_string(tr.at("p").infer, "enumerate"), std::string("parallel"));
    QCOMPARE(infer_string(tr.at("q").infer, "enumerate"), std::string("sequential"));
    QVERIFY(!tr.at("x").infer.count("enumerate"));
    QVERIFY(!tr.at("o").infer.count("enumerate"));
    Trace marked = get_trace(infer_config(discrete, [](const Message& m) {
      return InferDict{{"tag", m.name}};
    }));
    QCOMPARE(infer_string(marked.at("x").infer, "tag"), std::string("x"));
    QVERIFY_THROWS_EXCEPTION(Error, config_enumerate(discrete, "sideways"));
  }

  void deterministicAndFactorSites() {
    auto m = [] {
      auto a = sample("a", Normal(0., 1.));
      deterministic("twice", a * 2);
      factor("penalty", T(-3.5));
    };
    Trace tr = get_trace(m);
    QVERIFY(tr.at("twice").type == SiteType::Deterministic);
    QVERIFY(at::equal(tr.at("twice").value, tr.at("a").value * 2));
    QVERIFY(tr.at("penalty").is_observed);
    double a = item(tr.at("a").value);
    QVERIFY(std::abs(item(tr.log_prob_sum()) - (normal_lp(a, 0, 1) - 3.5)) < 1e-12);
    QCOMPARE(tr.stochastic_nodes(), (std::vector<std::string>{"a"}));
  }

  void modelErrorsNameTheSiteAndShowShapes() {
    auto bad = [] {
      auto a = sample("a", Normal(T({0.0, 0.0}), 1.0));
      sample("b", Normal(a, T({1.0, 1.0, 1.0})));
    };
    try {
      get_trace(bad);
      QFAIL("no error");
    } catch (const ShapeError& e) {
      std::string msg = e.what();
      QVERIFY2(msg.find("after site 'a'") != std::string::npos, msg.c_str());
      QVERIFY2(msg.find("Trace Shapes:") != std::string::npos, msg.c_str());
      QVERIFY2(msg.find("a dist 2 |") != std::string::npos, msg.c_str());
    }
  }

  void siteErrorsNameTheSite() {
    auto bad = [] { sample("obs", Normal(0., 1.).expand({3}), T({1.0, 2.0})); };
    try {
      get_trace(bad);
      Trace tr = get_trace(bad);
      tr.log_prob_sum();
      QFAIL("no error");
    } catch (const ShapeError& e) {
      std::string msg = e.what();
      QVERIFY2(msg.find("site 'obs'") != std::string::npos, msg.c_str());
      QVERIFY2(msg.find("obs dist 3 |") != std::string::npos, msg.c_str());
    }
  }
};

QTEST_APPLESS_MAIN(HandlersTest)
#include "handlers_test.moc"
