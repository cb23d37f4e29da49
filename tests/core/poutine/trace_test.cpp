// Trace: the shapes table, and the laws that hold between handlers over a registry of models
// (after Pyro's tests/poutine/test_properties.py).

#include <QtTest/QtTest>

#include <ATen/ATen.h>

#include "core/dist/continuous/normal.h"
#include "core/dist/discrete/categorical.h"
#include "core/dist/multivariate/dirichlet.h"
#include "core/dist/continuous/half_cauchy.h"
#include "core/poutine/handlers/condition.h"
#include "core/poutine/handlers/replay.h"
#include "core/poutine/handlers/seed.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/param_store.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::poutine;
using test::T;

namespace {

struct Example {
  const char* name;
  Model model;
};

// Models of every shape the laws must hold for: scalar, plated, nested plates, vector events,
// discrete sites, params, subsampling, and control flow that depends on a draw.
std::vector<Example> examples() {
  static const at::Tensor y8 = T({28., 8., -3., 7., -1., 1., 18., 12.});
  static const at::Tensor sigma8 = T({15., 10., 16., 11., 9., 11., 10., 18.});
  return {
      {"eight_schools",
       [] {
         auto mu = sample("mu", dist::Normal(0., 5.));
         auto tau = sample("tau", dist::HalfCauchy(5.));
         Plate schools("schools", 8);
         auto theta = sample("theta", dist::Normal(mu, tau));
         sample("obs", dist::Normal(theta, sigma8), y8);
       }},
      {"nested_plates",
       [] {
         Plate outer("outer", 3);
         auto a = sample("a", dist::Normal(0., 1.));
         Plate inner("inner", 2);
         sample("b", dist::Normal(a, 1.));
       }},
      {"dirichlet_categorical",
       [] {
         auto p = sample("p", dist::Dirichlet(T({1., 2., 3.})));
         Plate data("data", 4);
         sample("z", dist::Categorical(dist::Probs{p}));
       }},
      {"params_and_subsample",
       [] {
         auto loc = param("loc", T(0.5));
         PlateOptions o;
         o.subsample_size = 3;
         Plate data("data", 10, o);
         sample("x", dist::Normal(loc, 1.));
       }},
      {"control_flow",
       [] {
         auto c = sample("c", dist::Normal(0., 1.));
         if (c.item<double>() > 0)
           sample("pos", dist::Normal(c, 1.));
         else
           sample("neg", dist::Normal(-c, 2.));
       }},
  };
}

// Two traces agree when they have the same sites, in the same order, with equal values.
bool same_values(const Trace& a, const Trace& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const Site& x = a.sites()[i];
    const Site& y = b.sites()[i];
    if (x.name != y.name || x.type != y.type || x.is_observed != y.is_observed ||
        !at::equal(x.value, y.value))
      return false;
  }
  return true;
}

} // namespace

class TraceTest : public QObject {
  Q_OBJECT
private slots:
  void init() {
    test::reset();
    param_store().clear();
  }

  void formatShapesMatchesPyrosLayout() {
    Trace tr = get_trace([] {
      param("w", at::zeros({2, 3}, at::kDouble));
      auto mu = sample("mu", dist::Normal(0., 1.));
      Plate data("data", 10);
      sample("obs", dist::Normal(mu, 1.), at::zeros({10}, at::kDouble));
      sample("p", dist::Dirichlet(T({1., 1., 1.})));
    });
    tr.compute_log_prob();
    // Pyro's layout: names right-aligned, batch sizes right-aligned per column, then "|" and
    // the event sizes.
    const std::string want = "Trace Shapes:\n"
                             " Param Sites:\n"
                             "            w  2 3\n"
                             "Sample Sites:\n"
                             "      mu dist    |\n"
                             "        value    |\n"
                             "     log_prob    |\n"
                             "   data plate 10 |\n"
                             "     obs dist 10 |\n"
                             "        value 10 |\n"
                             "     log_prob 10 |\n"
                             "       p dist 10 | 3\n"
                             "        value 10 | 3\n"
                             "     log_prob 10 |";
    std::string got = tr.format_shapes();
    QCOMPARE(QString::fromStdString(got), QString::fromStdString(want));
  }

  void traceOfTraceIsTheSameTrace() {
    for (const Example& ex : examples()) {
      param_store().clear();
      TraceHandler outer;
      Trace inner;
      {
        HandlerScope scope(outer);
        inner = get_trace(ex.model);
      }
      QVERIFY2(same_values(inner, outer.trace()), ex.name);
    }
  }

  void seededTracingIsIdempotent() {
    for (const Example& ex : examples()) {
      param_store().clear();
      Trace a = get_trace(seed(ex.model, 11));
      Trace b = get_trace(seed(ex.model, 11));
      QVERIFY2(same_values(a, b), ex.name);
    }
  }

  void replayOfAReplayIsTheReplay() {
    for (const Example& ex : examples()) {
      param_store().clear();
      Trace tr = get_trace(ex.model);
      Trace once = get_trace(replay(ex.model, tr));
      Trace twice = get_trace(replay(replay(ex.model, tr), tr));
      QVERIFY2(same_values(tr, once), ex.name);
      QVERIFY2(same_values(once, twice), ex.name);
    }
  }

  void conditionCommutesWithReplay() {
    for (const Example& ex : examples()) {
      param_store().clear();
      Trace tr = get_trace(ex.model);
      // Condition the first latent site on its own value; replay supplies the rest.
      const std::string first = tr.stochastic_nodes().front();
      ValueMap data{{first, tr.at(first).value}};
      Trace cr = get_trace(condition(replay(ex.model, tr), data));
      Trace rc = get_trace(replay(condition(ex.model, data), tr));
      QVERIFY2(same_values(cr, rc), ex.name);
      QVERIFY2(cr.at(first).is_observed, ex.name);
      // Conditioning leaves the log joint as it was: the site keeps its value and density.
      QVERIFY2(at::allclose(cr.log_prob_sum(), tr.log_prob_sum()), ex.name);
    }
  }

  void conditionOnATraceObservesItsSamples() {
    for (const Example& ex : examples()) {
      param_store().clear();
      Trace tr = get_trace(ex.model);
      Trace conditioned = get_trace(replay(condition(ex.model, sample_values(tr)), tr));
      QVERIFY2(conditioned.stochastic_nodes().empty(), ex.name);
      QVERIFY2(at::allclose(conditioned.log_prob_sum(), tr.log_prob_sum()), ex.name);
    }
  }
};

QTEST_APPLESS_MAIN(TraceTest)
#include "trace_test.moc"
