// run_svi: a conjugate model's posterior from AutoNormal's draws, the callback with its
// medians, deterministic sites among the draws, the cancel flag, reproducibility by seed, and
// the errors for unknown names, enumerated models without TraceEnum_ELBO and non-finite losses.

#include <QtTest/QtTest>

#include <atomic>
#include <cmath>

#include <ATen/ATen.h>

#include "core/dist/continuous/half_normal.h"
#include "core/dist/continuous/normal.h"
#include "core/dist/discrete/bernoulli.h"
#include "core/poutine/param_store.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/run/svi_run.h"
#include "core/util/error.h"
#include "core/util/random.h"
#include "tests/support/fixture.h"
#include "tests/support/normal_normal.h"

using namespace kiln;
using test::T;

namespace {

run::SviRunConfig config(int64_t steps) {
  run::SviRunConfig c;
  c.lr = 0.02;
  c.steps = steps;
  c.seed = 5;
  c.posterior_draws = 2000;
  return c;
}

} // namespace

class SviRunTest : public QObject {
  Q_OBJECT

private slots:
  void init() { test::reset(1); }

  void autoNormalRecoversTheConjugatePosterior() {
    int64_t calls = 0, median_calls = 0;
    double last_median = 0.0;
    run::SviRunConfig c = config(1500);
    c.median_every = 500;
    c.callback = [&](const run::SviStep& step) {
      ++calls;
      QCOMPARE(step.step, calls);
      if (step.medians) {
        ++median_calls;
        last_median = step.medians->at("mu").item<double>();
      }
    };
    const run::SviRunResult r = run::run_svi(test::normal_normal_model_with_shift, c);
    QCOMPARE(static_cast<int64_t>(r.losses.size()), int64_t{1500});
    QCOMPARE(calls, int64_t{1500});
    QCOMPARE(median_calls, int64_t{3});
    QVERIFY(!r.cancelled);
    QCOMPARE(r.latent_sites, std::vector<std::string>{"mu"});
    QCOMPARE(r.deterministic_sites, std::vector<std::string>{"shift"});
    QVERIFY(r.params->contains("AutoNormal.locs.mu"));
    const at::Tensor mu = r.draws.at("mu");
    QCOMPARE(mu.sizes().vec(), std::vector<int64_t>{2000});
    // Monte Carlo error of the mean of 2000 draws: 0.35 / sqrt(2000) = 0.008; the rest is the
    // jitter of Adam's iterates at lr 0.02.
    QVERIFY2(std::abs(mu.mean().item<double>() - test::kNormalNormalMean) < 0.06,
             qPrintable(QString::number(mu.mean().item<double>())));
    QVERIFY(std::abs(mu.std().item<double>() / test::kNormalNormalSd - 1.0) < 0.15);
    QVERIFY(std::abs(last_median - test::kNormalNormalMean) < 0.06);
    QVERIFY(at::allclose(r.draws.at("shift"), mu + 10.0));
    // The loss falls: the last 100 steps against the first 10.
    double first = 0.0, last = 0.0;
    for (int i = 0; i < 10; ++i)
      first += r.losses[i] / 10.0;
    for (int i = 1400; i < 1500; ++i)
      last += r.losses[i] / 100.0;
    QVERIFY(last < first);
  }

  void sameSeedSameRun() {
    const run::SviRunResult a = run::run_svi(test::normal_normal_model_with_shift, config(50));
    test::reset(99); // the run seeds itself: the thread's stream before it does not matter
    const run::SviRunResult b = run::run_svi(test::normal_normal_model_with_shift, config(50));
    QCOMPARE(a.losses, b.losses);
    QVERIFY(at::equal(a.draws.at("mu"), b.draws.at("mu")));
  }

  void cancelKeepsWhatWasFitted() {
    std::atomic<bool> cancel{false};
    run::SviRunConfig c = config(1000);
    c.posterior_draws = 10;
    c.cancel = &cancel;
    c.callback = [&](const run::SviStep& step) {
      if (step.step == 20)
        cancel.store(true);
    };
    const run::SviRunResult r = run::run_svi(test::normal_normal_model_with_shift, c);
    QVERIFY(r.cancelled);
    QCOMPARE(static_cast<int64_t>(r.losses.size()), int64_t{20});
    QCOMPARE(r.draws.at("mu").size(0), int64_t{10});
  }

  void everyGuideRuns() {
    for (const auto& name : run::autoguide_names()) {
      if (name == "AutoDiscreteParallel")
        continue; // its model is all discrete: below
      run::SviRunConfig c = config(300);
      c.guide = name;
      c.posterior_draws = 400;
      const run::SviRunResult r = run::run_svi(test::normal_normal_model_with_shift, c);
      const double mean = r.draws.at("mu").mean().item<double>();
      // 300 steps at lr 0.02 from 0 reach the mode region; AutoDelta's draws are its point.
      QVERIFY2(std::abs(mean - test::kNormalNormalMean) < 0.3,
               qPrintable(QString::fromStdString(name)));
    }
  }

  void discreteModelWithAutoDiscreteParallel() {
    // z ~ Bernoulli(0.3), x ~ Normal(2 z, 1) with x = 1.5 observed.
    const poutine::Model model = [] {
      auto z = poutine::sample("z", dist::Bernoulli(dist::Probs{T(0.3)}));
      poutine::sample("x", dist::Normal(2.0 * z, T(1.)), T(1.5));
    };
    run::SviRunConfig c = config(600);
    c.guide = "AutoDiscreteParallel";
    c.elbo = "TraceEnum_ELBO";
    c.lr = 0.05;
    c.posterior_draws = 4000;
    const run::SviRunResult r = run::run_svi(model, c);
    // p(z=1 | x) = 0.3 N(1.5; 2, 1) / (0.3 N(1.5; 2, 1) + 0.7 N(1.5; 0, 1))
    //            = 0.3 e^-0.125 / (0.3 e^-0.125 + 0.7 e^-1.125) = 0.5381 (closed form).
    // MC error of 4000 draws: sqrt(0.25 / 4000) = 0.008.
    const double p = r.draws.at("z").mean().item<double>();
    QVERIFY2(std::abs(p - 0.5381) < 0.04, qPrintable(QString::number(p)));
  }

  void batchSizeTrainsOnMinibatches() {
    // 400 points around 1.5 with sd 1; the model subsamples 10 per step and --batch-size
    // makes it 100. The posterior of mu: precision 1/4 + 400, mean sum(x) / precision.
    const at::Tensor x = 1.5 + at::randn({400}, generator(), at::kDouble);
    const double mean = x.sum().item<double>() / (0.25 + 400.0);
    std::vector<int64_t> batches;
    const poutine::Model model = [&] {
      auto mu = poutine::sample("mu", dist::Normal(0., 2.));
      poutine::PlateOptions o;
      o.subsample_size = 10;
      poutine::Plate n("data", 400, o);
      batches.push_back(n.subsample_size());
      poutine::sample("x", dist::Normal(mu, 1.), x.index_select(0, n.indices()));
    };
    for (bool compile : {false, true}) {
      batches.clear();
      run::SviRunConfig c = config(1500);
      c.batch_size = 100;
      c.posterior_draws = 500;
      c.compile = compile;
      const run::SviRunResult r = run::run_svi(model, c);
      QCOMPARE(r.gradient, std::string(compile ? "compiled" : "interpreted"));
      // Interpreted, one model run per step, each on a batch of 100 (the first check and the
      // posterior draws run it with the file's own 10). Compiled, the program draws the batch.
      if (!compile)
        QVERIFY(std::count(batches.begin(), batches.end(), int64_t{100}) >= 1500);
      // The loc wanders with the minibatch noise (the sd of a batch mean is 0.1) damped by Adam
      // at lr 0.02; 0.05 is about two of its observed spreads.
      const double mu = r.draws.at("mu").mean().item<double>();
      QVERIFY2(std::abs(mu - mean) < 0.05, qPrintable(QString::number(mu)));
      const double sd = r.draws.at("mu").std().item<double>();
      // Exact sd 1 / sqrt(400.25) = 0.05; without the N / B scale a batch of 100 would fit 0.1.
      QVERIFY2(std::abs(sd / 0.05 - 1.0) < 0.3, qPrintable(QString::number(sd)));
    }

    // Without a plate that subsamples, a batch size is an error that says what to write.
    run::SviRunConfig c = config(1500);
    c.batch_size = 10;
    try {
      run::run_svi(test::normal_normal_model_with_shift, c);
      QFAIL("a batch size without a subsampling plate ran");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("subsample_size"), e.what());
    }
  }

  // init_values starts the autoguide where it says (Pyro's init_to_value): AutoDelta's point
  // before any step is the value given, and a site not named starts near its prior median.
  void initValuesStartTheAutoguide() {
    const poutine::Model model = [] {
      auto a = poutine::sample("a", dist::Normal(T(3.), T(1.)));
      auto b = poutine::sample("b", dist::Normal(T(-2.), T(1.)));
      poutine::sample("x", dist::Normal(a + b, T(1.)), T(0.5));
    };
    run::SviRunConfig c = config(0);
    c.guide = "AutoDelta";
    c.posterior_draws = 1;
    c.init_values = {{"a", T(0.25)}};
    const run::SviRunResult r = run::run_svi(model, c);
    QCOMPARE(r.draws.at("a").item<double>(), 0.25);
    // init_to_median takes the median of 15 prior draws: its sd is 1.2533 / sqrt(15) = 0.32.
    QVERIFY(std::abs(r.draws.at("b").item<double>() + 2.0) < 4 * 0.33);
    c.init_values = {{"typo", T(0.25)}};
    try {
      run::run_svi(model, c);
      QFAIL("an init value for no site ran");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("'typo', which is not a latent site"), e.what());
    }
    const poutine::Model positive = [] { poutine::sample("s", dist::HalfNormal(T(1.))); };
    c.init_values = {{"s", T(-1.0)}};
    try {
      run::run_svi(positive, c);
      QFAIL("an init value outside the support ran");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("'s' is outside its support: it must be nonnegative"),
               e.what());
    }
  }

  void errors() {
    run::SviRunConfig c = config(5);
    c.guide = "AutoWrong";
    QVERIFY_EXCEPTION_THROWN(run::run_svi(test::normal_normal_model_with_shift, c), Error);
    c = config(5);
    c.elbo = "Renyi";
    QVERIFY_EXCEPTION_THROWN(run::run_svi(test::normal_normal_model_with_shift, c), Error);
    c = config(5);
    c.optimizer = "rmsprop";
    QVERIFY_EXCEPTION_THROWN(run::run_svi(test::normal_normal_model_with_shift, c), Error);
    c = config(5);
    c.lr = -1.0;
    QVERIFY_EXCEPTION_THROWN(run::run_svi(test::normal_normal_model_with_shift, c), Error);

    const poutine::Model enumerated = [] {
      poutine::InferDict infer{{"enumerate", std::string("parallel")}};
      auto z = poutine::sample("z", dist::Bernoulli(dist::Probs{T(0.3)}), {}, infer);
      poutine::sample("x", dist::Normal(2.0 * z, T(1.)), T(1.5));
    };
    try {
      run::run_svi(enumerated, config(5));
      QFAIL("an enumerated model ran with Trace_ELBO");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("TraceEnum_ELBO"), e.what());
    }

    // x = 1e200 has a log density that overflows to -inf: the first step's loss is not finite.
    const poutine::Model bad_model = [] {
      auto mu = poutine::sample("mu", dist::Normal(0., 2.));
      poutine::sample("x", dist::Normal(mu, 1.), T(1e200));
    };
    try {
      run::run_svi(bad_model, config(5));
      QFAIL("a nan loss passed");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("step 1") && QString(e.what()).contains("'x'"), e.what());
    }
  }
};

QTEST_MAIN(SviRunTest)
#include "svi_run_test.moc"
