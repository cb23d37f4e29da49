// The ELBO estimators: the same expected loss on a fixed guide, unbiased score-function
// gradients (checked against the exact gradient of an enumerable ELBO), exact values where the
// estimate has no variance (the exact posterior as guide, closed-form KL), vectorized
// particles, the plate nesting found from a first run, subsampling, Renyi bounds, and the
// Rao-Blackwellized sums by plate.

#include <QtTest/QtTest>

#include <cmath>
#include <functional>
#include <memory>
#include <vector>

#include <ATen/ATen.h>
#include <torch/csrc/autograd/autograd.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/continuous/normal.h"
#include "core/dist/discrete/bernoulli.h"
#include "core/dist/meta/delta.h"
#include "core/infer/svi/optimizers/adam.h"
#include "core/infer/svi/particles.h"
#include "core/infer/svi/renyi_elbo.h"
#include "core/infer/svi/svi.h"
#include "core/infer/svi/trace_elbo.h"
#include "core/infer/svi/trace_mean_field_elbo.h"
#include "core/infer/svi/tracegraph_elbo.h"
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

const double kLog2Pi = std::log(2 * M_PI);

void normal_guide() {
  auto loc = param("loc", T(0.));
  auto scale = param("scale", T(1.), dist::constraints::positive());
  sample("mu", dist::Normal(loc, scale));
}

void set_guide(double loc, double scale) {
  param_store().set("loc", T(loc));
  param_store().set("scale", T(scale), dist::constraints::positive());
}

// E_q[log N(y | mu, s)] for mu ~ Normal(m, v).
double expected_normal_log_density(double y, double s, double m, double v) {
  return -0.5 * kLog2Pi - std::log(s) - ((y - m) * (y - m) + v * v) / (2 * s * s);
}

// Minus the ELBO of Normal(m, v) as guide, in closed form.
double exact_normal_loss(double m, double v) {
  double elbo = expected_normal_log_density(0.0, 2.0, m, v);
  for (int i = 0; i < 8; ++i)
    elbo += expected_normal_log_density(test::normal_normal_data()[i].item<double>(), 1.0, m, v);
  elbo += 0.5 * (1 + kLog2Pi) + std::log(v);
  return -elbo;
}

double log_evidence() {
  const at::Tensor cov = at::eye(8, at::kDouble) + 4.0 * at::ones({8, 8}, at::kDouble);
  const at::Tensor x = test::normal_normal_data();
  return -0.5 * x.matmul(at::linalg_solve(cov, x)).item<double>() -
         0.5 * at::logdet(cov).item<double>() - 4.0 * kLog2Pi;
}

struct MeanSe {
  double mean;
  double se;
};

MeanSe mean_se(const std::vector<double>& xs) {
  double m = 0, v = 0;
  for (double x : xs)
    m += x / xs.size();
  for (double x : xs)
    v += (x - m) * (x - m) / (xs.size() - 1);
  return {m, std::sqrt(v / xs.size())};
}

MeanSe mean_loss(ELBO& elbo, const Model& model, const Model& guide, int draws) {
  std::vector<double> losses;
  for (int i = 0; i < draws; ++i)
    losses.push_back(elbo.loss(model, guide));
  return mean_se(losses);
}

#define VERIFY_WITHIN(got, expected, se)                                                           \
  QVERIFY2(std::abs((got) - (expected)) < 4 * (se) + 1e-12,                                        \
           qPrintable(QString("%1 vs %2 (se %3)").arg(got).arg(expected).arg(se)))

// A discrete latent: z ~ Bernoulli(0.3), x ~ Normal(2 z - 1, 1) with x = xs, in a plate of
// len(xs). The guide: z ~ Bernoulli(q), q a param per data point.
const at::Tensor& discrete_data() {
  static const at::Tensor x = T({0.5, -1.0, 2.0});
  return x;
}

void discrete_model() {
  Plate n("data", 3);
  auto z = sample("z", dist::Bernoulli(dist::Probs{T(0.3)}));
  sample("x", dist::Normal(2 * z - 1, 1.), discrete_data());
}

Model discrete_guide(InferDict infer = {}) {
  return [infer] {
    auto q = param("q", T({0.6, 0.5, 0.2}), dist::constraints::unit_interval());
    Plate n("data", 3);
    sample("z", dist::Bernoulli(dist::Probs{q}), {}, infer);
  };
}

// log p(z) + log p(x | z) for each data point.
at::Tensor discrete_joint(double z) {
  const at::Tensor x = discrete_data();
  return std::log(z == 1 ? 0.3 : 0.7) - 0.5 * kLog2Pi - 0.5 * (x - (2 * z - 1)).pow(2);
}

// The exact gradient of minus the ELBO in the unconstrained q (q = sigmoid(theta)):
// -q (1 - q) (A1 - A0 - logit q).
at::Tensor exact_discrete_gradient(const at::Tensor& q) {
  return -q * (1 - q) * (discrete_joint(1) - discrete_joint(0) - at::logit(q));
}

at::Tensor surrogate_gradient(ELBO& elbo, const Model& model, const Model& guide,
                              const std::string& name) {
  ElboEstimate est = elbo.estimate(model, guide);
  return torch::autograd::grad({est.surrogate}, {param_store().unconstrained(name)})[0];
}

} // namespace

class ElboTest : public QObject {
  Q_OBJECT

private slots:
  void init() {
    test::reset(5);
    param_store().clear();
  }

  // Every estimator's expected loss on a fixed Normal guide is minus the closed-form ELBO.
  void sameExpectedLossOnAFixedGuide() {
    set_guide(1.0, 0.5);
    const double exact = exact_normal_loss(1.0, 0.5);
    Trace_ELBO trace;
    TraceMeanField_ELBO mean_field;
    TraceGraph_ELBO graph;
    ElboConfig one;
    one.num_particles = 1;
    RenyiELBO renyi(0.5, one);
    MeanSe t = mean_loss(trace, test::normal_normal_model, normal_guide, 3000);
    MeanSe m = mean_loss(mean_field, test::normal_normal_model, normal_guide, 3000);
    MeanSe g = mean_loss(graph, test::normal_normal_model, normal_guide, 3000);
    MeanSe r = mean_loss(renyi, test::normal_normal_model, normal_guide, 3000);
    VERIFY_WITHIN(t.mean, exact, t.se);
    VERIFY_WITHIN(m.mean, exact, m.se);
    VERIFY_WITHIN(g.mean, exact, g.se);
    VERIFY_WITHIN(r.mean, exact, r.se);
  }

  // Without data the MeanField loss is the KL divergence alone: no Monte Carlo error.
  void meanFieldUsesTheClosedFormKl() {
    set_guide(1.0, 0.5);
    auto prior_only = [] { sample("mu", dist::Normal(0., 2.)); };
    TraceMeanField_ELBO mean_field;
    // KL(Normal(1, 0.5) || Normal(0, 2)) = log(2 / 0.5) + (0.25 + 1) / 8 - 1/2.
    const double kl = std::log(4.0) + 1.25 / 8 - 0.5;
    QVERIFY(std::abs(mean_field.loss(prior_only, normal_guide) - kl) < 1e-12);
    QVERIFY(std::abs(mean_field.loss(prior_only, normal_guide) - kl) < 1e-12);
    // A guide site with no reparameterized sampler is refused.
    auto discrete = [] { sample("mu", dist::Bernoulli(dist::Probs{T(0.5)})); };
    QVERIFY_THROWS_EXCEPTION(NotSupportedError, mean_field.loss(discrete_model, discrete_guide()));
    Q_UNUSED(discrete);
  }

  // With the exact posterior as guide, log p(x, z) - log q(z) = log p(x) for every z: each
  // estimator that averages that ratio, sequential or vectorized, returns minus the log
  // evidence exactly (MeanField's analytic KL splits the ratio, so it is left out).
  void exactPosteriorGivesTheLogEvidence() {
    set_guide(test::kNormalNormalMean, test::kNormalNormalSd);
    const double expected = -log_evidence();
    std::vector<std::shared_ptr<ELBO>> elbos;
    for (bool vectorize : {false, true}) {
      ElboConfig c;
      c.num_particles = 4;
      c.vectorize_particles = vectorize;
      elbos.push_back(std::make_shared<Trace_ELBO>(c));
      elbos.push_back(std::make_shared<TraceGraph_ELBO>(c));
      elbos.push_back(std::make_shared<RenyiELBO>(0.0, c));
      elbos.push_back(std::make_shared<RenyiELBO>(-2.0, c));
    }
    for (auto& elbo : elbos)
      QVERIFY2(std::abs(elbo->loss(test::normal_normal_model, normal_guide) - expected) < 1e-9,
               qPrintable(
                   QString::number(elbo->loss(test::normal_normal_model, normal_guide), 'g', 12)));
  }

  // The plate nesting is found from a first run when particles are vectorized, and the
  // particles lie along the next dim out.
  void vectorizedParticlesFindThePlateNesting() {
    set_guide(1.0, 0.5);
    ElboConfig c;
    c.num_particles = 5;
    c.vectorize_particles = true;
    Trace_ELBO elbo(c);
    QCOMPARE(elbo.config().max_plate_nesting, int64_t(-1));
    MeanSe v = mean_loss(elbo, test::normal_normal_model, normal_guide, 1000);
    QCOMPARE(elbo.config().max_plate_nesting, int64_t(1));
    VERIFY_WITHIN(v.mean, exact_normal_loss(1.0, 0.5), v.se);

    std::vector<Particle> ps = draw_particles(c, test::normal_normal_model, normal_guide);
    QCOMPARE(ps.size(), size_t(1));
    QCOMPARE(ps[0].guide_trace.at("mu").value.sizes().vec(), (std::vector<int64_t>{5, 1}));
    QCOMPARE(ps[0].model_trace.at("x").log_prob.sizes().vec(), (std::vector<int64_t>{5, 8}));
    QCOMPARE(find_max_plate_nesting(discrete_model, discrete_guide()), int64_t(1));
    c.num_particles = 0;
    QVERIFY_THROWS_EXCEPTION(DomainError,
                             Trace_ELBO(c).loss(test::normal_normal_model, normal_guide));
  }

  // The subsample scale N / batch makes the minibatch loss unbiased for the full-data loss;
  // a Delta guide leaves the subsample as the only randomness.
  void subsampledLossIsUnbiased() {
    auto model = [](int64_t batch) {
      return [batch] {
        auto mu = sample("mu", dist::Normal(0., 2.));
        PlateOptions o;
        o.subsample_size = batch;
        Plate n("data", 8, o);
        sample("x", dist::Normal(mu, 1.), subsample(test::normal_normal_data(), 0));
      };
    };
    auto guide = [] { sample("mu", dist::Delta(param("loc", T(1.3)))); };
    Trace_ELBO elbo;
    const double full = elbo.loss(model(8), guide);
    MeanSe mini = mean_loss(elbo, model(3), guide, 4000);
    VERIFY_WITHIN(mini.mean, full, mini.se);
    QVERIFY(mini.se > 0);
  }

  // Score-function gradients (Trace_ELBO, TraceGraph_ELBO with and without the decaying-average
  // baseline) average to the exact gradient of the enumerable ELBO, per data point.
  void scoreFunctionGradientsAreUnbiased() {
    InferDict baseline{{"baseline.use_decaying_avg_baseline", true},
                       {"baseline.baseline_beta", 0.95}};
    struct Case {
      const char* name;
      std::shared_ptr<ELBO> elbo;
      Model guide;
    };
    std::vector<Case> cases = {
        {"Trace_ELBO", std::make_shared<Trace_ELBO>(), discrete_guide()},
        {"TraceGraph_ELBO", std::make_shared<TraceGraph_ELBO>(), discrete_guide()},
        {"TraceGraph_ELBO + baseline", std::make_shared<TraceGraph_ELBO>(),
         discrete_guide(baseline)}};
    for (Case& c : cases) {
      param_store().clear();
      const int draws = 4000;
      std::vector<std::vector<double>> grads(3);
      for (int i = 0; i < draws; ++i) {
        at::Tensor g = surrogate_gradient(*c.elbo, discrete_model, c.guide, "q");
        for (int j = 0; j < 3; ++j)
          grads[j].push_back(g[j].item<double>());
      }
      const at::Tensor exact = exact_discrete_gradient(param_store().get("q").detach());
      for (int j = 0; j < 3; ++j) {
        MeanSe m = mean_se(grads[j]);
        QVERIFY2(std::abs(m.mean - exact[j].item<double>()) < 4 * m.se,
                 qPrintable(QString("%1 [%2]: %3 vs %4 (se %5)")
                                .arg(c.name)
                                .arg(j)
                                .arg(m.mean)
                                .arg(exact[j].item<double>())
                                .arg(m.se)));
      }
    }
    auto* graph = static_cast<TraceGraph_ELBO*>(cases[2].elbo.get());
    QVERIFY(graph->baseline("z").defined());
    QVERIFY(!static_cast<TraceGraph_ELBO*>(cases[1].elbo.get())->baseline("z").defined());
    // ELBO::loss leaves the baseline alone.
    at::Tensor before = graph->baseline("z").clone();
    graph->loss(discrete_model, cases[2].guide);
    QVERIFY(at::equal(graph->baseline("z"), before));
  }

  // The same model with a sequential plate: Trace_ELBO cannot tell the iterations apart and
  // multiplies each score by every data point's ratio; TraceGraph_ELBO's dependency graph keeps
  // only the iteration's own. Both are unbiased; the graph's estimate varies less.
  void traceGraphRaoBlackwellizesSequentialPlates() {
    auto model = [] {
      plate_loop("data", 3, [](int64_t i) {
        auto z = sample("z_" + std::to_string(i), dist::Bernoulli(dist::Probs{T(0.3)}));
        sample("x_" + std::to_string(i), dist::Normal(2 * z - 1, 1.), discrete_data()[i]);
      });
    };
    auto guide = [] {
      auto q = param("q", T({0.6, 0.5, 0.2}), dist::constraints::unit_interval());
      plate_loop("data", 3, [&](int64_t i) {
        sample("z_" + std::to_string(i), dist::Bernoulli(dist::Probs{q[i]}));
      });
    };
    const at::Tensor exact = exact_discrete_gradient(T({0.6, 0.5, 0.2}));
    std::vector<MeanSe> results[2];
    std::shared_ptr<ELBO> elbos[2] = {std::make_shared<Trace_ELBO>(),
                                      std::make_shared<TraceGraph_ELBO>()};
    for (int e = 0; e < 2; ++e) {
      std::vector<std::vector<double>> grads(3);
      for (int i = 0; i < 2000; ++i) {
        at::Tensor g = surrogate_gradient(*elbos[e], model, guide, "q");
        for (int j = 0; j < 3; ++j)
          grads[j].push_back(g[j].item<double>());
      }
      for (int j = 0; j < 3; ++j) {
        results[e].push_back(mean_se(grads[j]));
        VERIFY_WITHIN(results[e][j].mean, exact[j].item<double>(), results[e][j].se);
      }
    }
    for (int j = 0; j < 3; ++j)
      QVERIFY2(results[1][j].se < 0.5 * results[0][j].se,
               qPrintable(QString("[%1] graph se %2, trace se %3")
                              .arg(j)
                              .arg(results[1][j].se)
                              .arg(results[0][j].se)));
  }

  // TraceGraph_ELBO trains a Bernoulli guide to the exact posterior of each z_i:
  // p(z = 1 | x) = 0.3 N(x | 1, 1) / (0.3 N(x | 1, 1) + 0.7 N(x | -1, 1)).
  void traceGraphFitsADiscreteGuide() {
    AdamOptions o;
    o.lr = 0.05;
    InferDict baseline{{"baseline.use_decaying_avg_baseline", true}};
    ElboConfig c;
    c.num_particles = 4;
    SVI svi(discrete_model, discrete_guide(baseline), std::make_shared<Adam>(o),
            std::make_shared<TraceGraph_ELBO>(c));
    std::vector<std::vector<double>> qs(3);
    for (int i = 0; i < 3000; ++i) {
      svi.step();
      if (i >= 1000) {
        at::Tensor q = param_store().get("q");
        for (int j = 0; j < 3; ++j)
          qs[j].push_back(q[j].item<double>());
      }
    }
    const at::Tensor x = discrete_data();
    const at::Tensor w1 = 0.3 * at::exp(-0.5 * (x - 1).pow(2));
    const at::Tensor w0 = 0.7 * at::exp(-0.5 * (x + 1).pow(2));
    const at::Tensor exact = w1 / (w1 + w0);
    for (int j = 0; j < 3; ++j) {
      // Batch means of 200 iterates: longer than the autocorrelation (about 1 / lr steps).
      std::vector<double> batches;
      for (size_t b = 0; b < 10; ++b)
        batches.push_back(
            mean_se(std::vector<double>(qs[j].begin() + b * 200, qs[j].begin() + (b + 1) * 200))
                .mean);
      MeanSe m = mean_se(batches);
      QVERIFY(m.se < 0.02);
      VERIFY_WITHIN(m.mean, exact[j].item<double>(), m.se);
    }
  }

  // With one particle every Renyi bound is the single-draw ELBO; with several, alpha = 0 is
  // the importance-weighted bound, tighter than the ELBO.
  void renyiBounds() {
    set_guide(1.0, 0.5);
    ElboConfig one;
    one.num_particles = 1;
    RenyiELBO renyi(0.0, one);
    Trace_ELBO trace;
    test::reset(9);
    const double a = renyi.loss(test::normal_normal_model, normal_guide);
    test::reset(9);
    const double b = trace.loss(test::normal_normal_model, normal_guide);
    QVERIFY(std::abs(a - b) < 1e-12);

    ElboConfig many;
    many.num_particles = 10;
    RenyiELBO iwae(0.0, many);
    MeanSe r = mean_loss(iwae, test::normal_normal_model, normal_guide, 500);
    const double elbo_loss = exact_normal_loss(1.0, 0.5);
    QVERIFY(r.mean + 4 * r.se < elbo_loss);
    QVERIFY(r.mean > -log_evidence() - 4 * r.se);
    QVERIFY_THROWS_EXCEPTION(DomainError, RenyiELBO(1.0));
  }

  // MultiFrameTensor.sum_to: a term keeps the dims of the target's plates and sums the others.
  void sumToKeepsTheTargetPlates() {
    CondIndepFrame a{"a", -1, 3, 3, 0};
    CondIndepFrame b{"b", -2, 2, 2, 0};
    PlateTerm both{{b, a}, at::arange(6, at::kDouble).reshape({2, 3})};
    PlateTerm only_a{{a}, T({10., 20., 30.})};
    PlateTerm none{{}, T(100.)};
    // Target a: both is summed over b (dim -2), leading 1 dropped.
    QVERIFY(at::equal(sum_to({both, only_a, none}, {a}), T({113., 125., 137.})));
    // Target b: both is summed over a; only_a is summed whole.
    QVERIFY(at::equal(sum_to({both, only_a, none}, {b}), T({163., 172.}).reshape({2, 1})));
    // No target: everything is summed.
    QVERIFY(at::equal(sum_to({both, only_a, none}, {}), T(175.)));
  }
};

QTEST_APPLESS_MAIN(ElboTest)
#include "elbo_test.moc"
