// AutoDiscreteParallel: its params (Pyro's names, the prior probs of the prototype broadcast to
// the plates), the ELBO it gives under TraceEnum_ELBO against the closed form, training to the
// exact posterior responsibilities of a mixture, the prototype hidden from outer handlers, and
// its errors.
#include <cmath>
#include <memory>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/continuous/normal.h"
#include "core/dist/discrete/bernoulli.h"
#include "core/dist/discrete/categorical.h"
#include "core/infer/autoguide/auto_discrete_parallel.h"
#include "core/infer/svi/optimizers/adam.h"
#include "core/infer/svi/svi.h"
#include "core/infer/svi/trace_enum_elbo.h"
#include "core/poutine/handlers/infer_config.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/param_store.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using infer::autoguide::AutoDiscreteParallel;
using poutine::sample;

namespace {

const double kX[] = {-1.3, 0.4, 2.2};
const double kW[] = {0.3, 0.7};
const double kLocs[] = {-1., 1.};

double log_normal(double x, double loc) {
  return -0.5 * std::log(2 * M_PI) - 0.5 * (x - loc) * (x - loc);
}

void mixture() {
  poutine::Plate data("data", 3);
  at::Tensor z = sample("z", dist::Categorical(dist::Probs{T({0.3, 0.7})}));
  sample("x", dist::Normal(T({-1., 1.}).index({z}), 1.), T({-1.3, 0.4, 2.2}));
}

} // namespace

class AutoDiscreteParallelTest : public QObject {
  Q_OBJECT

private slots:
  void init() {
    reset(2);
    poutine::param_store().clear();
  }

  void paramsArePriorProbsInThePlates() {
    auto guide = std::make_shared<AutoDiscreteParallel>(mixture);
    const poutine::Trace trace = poutine::get_trace(guide->as_model());
    QCOMPARE(guide->probs_name("z"), std::string("AutoDiscreteParallel.z_probs"));
    const at::Tensor probs = poutine::param_store().get("AutoDiscreteParallel.z_probs");
    QCOMPARE(probs.sizes().vec(), (std::vector<int64_t>{3, 2}));
    QVERIFY(at::allclose(probs, T({0.3, 0.7}).expand({3, 2})));
    // The prototype run is hidden: the trace has the guide's sites only.
    std::vector<std::string> names;
    for (const poutine::Site& s : trace.sites())
      if (s.type == poutine::SiteType::Sample)
        names.push_back(s.name);
    QCOMPARE(names, std::vector<std::string>{"z"});
    QCOMPARE(poutine::infer_string(trace.at("z").infer, "enumerate"), std::string("parallel"));
    QCOMPARE(trace.at("z").cond_indep_stack.size(), size_t{1});
  }

  void elboAtThePriorIsTheExpectedLogLikelihood() {
    // With q = the prior, ELBO = sum_i sum_z w_z log N(x_i | loc_z, 1); the same whether the
    // model marks z for enumeration too (config_enumerate) or not.
    double expected = 0;
    for (double x : kX)
      for (int z = 0; z < 2; ++z)
        expected += kW[z] * log_normal(x, kLocs[z]);
    for (const poutine::Model& model :
         {poutine::Model(mixture), poutine::config_enumerate(mixture)}) {
      poutine::param_store().clear();
      auto guide = std::make_shared<AutoDiscreteParallel>(model);
      infer::svi::TraceEnum_ELBO elbo;
      const double loss = elbo.estimate(model, guide->as_model()).loss;
      QVERIFY2(std::abs(loss + expected) < 1e-10, std::to_string(loss + expected).c_str());
    }
  }

  void trainsToThePosteriorResponsibilities() {
    auto guide = std::make_shared<AutoDiscreteParallel>(mixture);
    infer::svi::SVI svi(mixture, guide->as_model(),
                        std::make_shared<infer::svi::Adam>(infer::svi::AdamOptions{0.05}),
                        std::make_shared<infer::svi::TraceEnum_ELBO>());
    for (int step = 0; step < 1500; ++step)
      svi.step();
    const at::Tensor q = poutine::param_store().get("AutoDiscreteParallel.z_probs");
    for (int i = 0; i < 3; ++i) {
      const double a = kW[0] * std::exp(log_normal(kX[i], kLocs[0]));
      const double b = kW[1] * std::exp(log_normal(kX[i], kLocs[1]));
      const double r = a / (a + b);
      QVERIFY2(std::abs(q[i][0].item<double>() - r) < 1e-3,
               (std::to_string(q[i][0].item<double>()) + " vs " + std::to_string(r)).c_str());
    }
    // At the posterior the loss is minus the log marginal likelihood.
    double log_marginal = 0;
    for (double x : kX)
      log_marginal += std::log(kW[0] * std::exp(log_normal(x, kLocs[0])) +
                               kW[1] * std::exp(log_normal(x, kLocs[1])));
    QVERIFY(std::abs(svi.evaluate_loss() + log_marginal) < 1e-4);
  }

  void bernoulliSitesGetUnitIntervalProbs() {
    auto model = [] {
      poutine::Plate data("data", 2);
      at::Tensor c = sample("c", dist::Bernoulli(dist::Probs{0.25}));
      sample("x", dist::Normal(c * 2.0, 1.), T({0.1, 1.9}));
    };
    auto guide = std::make_shared<AutoDiscreteParallel>(model);
    infer::svi::TraceEnum_ELBO elbo;
    const double loss = elbo.estimate(model, guide->as_model()).loss;
    double expected = 0;
    for (double x : {0.1, 1.9})
      expected += 0.75 * log_normal(x, 0.) + 0.25 * log_normal(x, 2.);
    QVERIFY(std::abs(loss + expected) < 1e-10);
    QVERIFY(
        at::allclose(poutine::param_store().get("AutoDiscreteParallel.c_probs"), T({0.25, 0.25})));
  }

  void continuousSiteIsNotSupported() {
    auto model = [] {
      at::Tensor mu = sample("mu", dist::Normal(0., 1.));
      sample("x", dist::Normal(mu, 1.), T(0.3));
    };
    auto guide = std::make_shared<AutoDiscreteParallel>(model);
    QVERIFY_THROWS_EXCEPTION(NotSupportedError, guide->setup());
    QVERIFY(!guide->is_setup());
  }

  void subsampledPlateIsNotSupported() {
    auto model = [] {
      poutine::Plate data("data", 10, {3});
      sample("z", dist::Categorical(dist::Probs{T({0.5, 0.5})}));
    };
    auto guide = std::make_shared<AutoDiscreteParallel>(model);
    QVERIFY_THROWS_EXCEPTION(NotSupportedError, guide->setup());
  }
};

QTEST_GUILESS_MAIN(AutoDiscreteParallelTest)
#include "auto_discrete_parallel_test.moc"
