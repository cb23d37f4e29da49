// run_mcmc: a conjugate model's draws and summary, the callbacks (how many, which kept, the
// divergence count, on_start first), the cancel flag keeping what was drawn, the potential
// choice; RunRecorder: what RunReader reads back equals the result (completed, cancelled,
// failed); execute_run from source text and dataset content to a stored run, and its failures.

#include <QtTest/QtTest>

#include <QTemporaryDir>

#include <atomic>
#include <cmath>
#include <mutex>

#include <ATen/ATen.h>

#include "core/dist/continuous/normal.h"
#include "core/infer/model_density.h"
#include "core/poutine/primitives.h"
#include "core/run/mcmc_run.h"
#include "core/run/run_recorder.h"
#include "core/run/run_spec.h"
#include "core/store/run_reader.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"
#include "tests/support/normal_normal.h"

using namespace kiln;
using test::T;

namespace {

// The same model as a model file, with its data as a dataset's text.
const char* kSource = R"(import torch
import pyro
import pyro.distributions as dist

def model(x):
    mu = pyro.sample("mu", dist.Normal(0., 2.))
    pyro.deterministic("shift", mu + 10.)
    with pyro.plate("data", 8):
        pyro.sample("x", dist.Normal(mu, 1.), obs=x)
)";
const char* kData = R"({"x": [1.2, 0.4, 2.1, 1.7, 0.9, 1.4, 2.5, 0.8]})";

run::McmcRunConfig small_config() {
  run::McmcRunConfig c;
  c.mcmc = run::default_mcmc_config();
  c.mcmc.num_chains = 2;
  c.mcmc.num_warmup = 100;
  c.mcmc.num_samples = 200;
  c.mcmc.seed = 3;
  return c;
}

run::RunSpec small_spec(const QString& project) {
  run::RunSpec spec;
  spec.project = project.toStdString();
  spec.model_name = "normal";
  spec.model_source = kSource;
  spec.dataset_name = "normal.json";
  spec.dataset_format = "json";
  spec.dataset_content = kData;
  spec.mcmc.num_chains = 2;
  spec.mcmc.num_warmup = 100;
  spec.mcmc.num_samples = 100;
  spec.svi.steps = 200;
  spec.svi.posterior_draws = 50;
  spec.seed = 4;
  return spec;
}

store::RunStart start_of(const infer::mcmc::MCMCConfig& config) {
  store::RunStart start;
  start.model_name = "normal";
  start.model_source = "# normal";
  run::add_mcmc_settings(start, config);
  return start;
}

void compare_stored(const QString& project, int64_t run_id, const run::McmcRunResult& result,
                    const QString& status) {
  store::RunReader reader(project.toStdString());
  QCOMPARE(QString::fromStdString(reader.run(run_id).status), status);
  const auto stored = reader.site_draws(run_id);
  const auto expected = run::grouped_sites(result.mcmc);
  QCOMPARE(stored.size(), expected.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    QCOMPARE(stored[i].first, expected[i].first);
    QVERIFY2(at::equal(stored[i].second, expected[i].second), stored[i].first.c_str());
  }
  QCOMPARE(static_cast<int64_t>(reader.chain_info(run_id).size()),
           static_cast<int64_t>(result.mcmc.chains.size()));
  // Warmup is stored too: every warmup iteration each chain ran.
  for (const auto& chain : result.mcmc.chains)
    QCOMPARE(reader.draws(run_id, chain.chain, store::Phase::Warmup).values.size(0),
             chain.num_warmup_run);
}

} // namespace

class McmcRunTest : public QObject {
  Q_OBJECT

private slots:
  void init() { test::reset(1); }

  void drawsCallbacksAndSummary() {
    const infer::ModelDensity density(test::normal_normal_model_with_shift);
    run::McmcRunConfig c = small_config();
    c.mcmc.thin = 2;
    std::mutex mutex;
    int64_t calls = 0, kept = 0, warmup = 0, starts = 0;
    std::vector<int64_t> last_divergences(2, 0);
    bool monotone = true, started_first = true;
    c.on_start = [&](const run::McmcStart& start) {
      ++starts;
      QCOMPARE(start.latent_sites, std::vector<std::string>{"mu"});
      QCOMPARE(start.deterministic_sites, std::vector<std::string>{"shift"});
    };
    c.callback = [&](const run::McmcIteration& it) {
      std::lock_guard<std::mutex> lock(mutex);
      started_first = started_first && starts == 1;
      ++calls;
      kept += it.kept ? 1 : 0;
      warmup += it.warmup ? 1 : 0;
      monotone = monotone && it.total == 300 && it.divergences >= last_divergences[it.info.chain];
      last_divergences[it.info.chain] = it.divergences;
    };
    const run::McmcRunResult r = run::run_mcmc(density, c);
    QVERIFY(started_first);
    QVERIFY(monotone);
    QCOMPARE(calls, int64_t{600});
    QCOMPARE(warmup, int64_t{200});
    QCOMPARE(kept, int64_t{200}); // every other sampling iteration of 200, in 2 chains
    QCOMPARE(r.mcmc.chains.size(), size_t{2});
    QCOMPARE(r.shortest_chain, int64_t{100});
    QVERIFY(!r.mcmc.cancelled);
    int64_t divergences = 0;
    for (const auto& chain : r.mcmc.chains)
      divergences += chain.num_divergences() +
                     std::count_if(chain.warmup_stats.begin(), chain.warmup_stats.end(),
                                   [](const auto& s) { return s.diverging; });
    QCOMPARE(last_divergences[0] + last_divergences[1], divergences);
    QCOMPARE(r.summary.rows.size(), size_t{2});
    QCOMPARE(QString::fromStdString(r.summary.rows[0].name), QString("mu"));
    // Within 5 Monte Carlo standard errors of the exact mean.
    const auto& mu = r.summary.rows[0];
    QVERIFY2(std::abs(mu.mean - test::kNormalNormalMean) < 5 * mu.mcse_mean,
             qPrintable(QString::number(mu.mean)));
    QVERIFY(std::abs(r.summary.rows[1].mean - mu.mean - 10.0) < 1e-9);
  }

  void potentialChoice() {
    const infer::ModelDensity density(test::normal_normal_model_with_shift);
    run::McmcRunConfig c = small_config();
    c.mcmc.num_chains = 1;
    c.mcmc.num_warmup = 20;
    c.mcmc.num_samples = 20;
    c.compile = false;
    run::McmcRunResult r = run::run_mcmc(density, c);
    QCOMPARE(QString::fromStdString(r.potential), QString("interpreted"));
    QCOMPARE(QString::fromStdString(r.refusal), QString("compilation turned off"));
    c.compile = true;
    r = run::run_mcmc(density, c);
    // A C++ model compiles or says why not; either way the run has its draws.
    QVERIFY(r.potential == "compiled" ? r.refusal.empty() : !r.refusal.empty());
    QCOMPARE(r.shortest_chain, int64_t{20});
  }

  void cancelKeepsWhatWasDrawn() {
    const infer::ModelDensity density(test::normal_normal_model_with_shift);
    run::McmcRunConfig c = small_config();
    c.mcmc.num_chains = 1;
    std::atomic<bool> cancel{false};
    int64_t kept = 0;
    c.cancel = &cancel;
    c.callback = [&](const run::McmcIteration& it) {
      kept += it.kept ? 1 : 0;
      if (it.info.iteration == 149)
        cancel.store(true);
    };
    const run::McmcRunResult r = run::run_mcmc(density, c);
    QVERIFY(r.mcmc.cancelled);
    QCOMPARE(kept, int64_t{50});
    QCOMPARE(r.mcmc.chains[0].num_draws(), int64_t{50});
    QCOMPARE(r.shortest_chain, int64_t{50});
    QCOMPARE(r.summary.rows.size(), size_t{2});
  }

  void noLatentSiteIsAnError() {
    const infer::ModelDensity density([] { poutine::sample("x", dist::Normal(0., 1.), T(0.5)); });
    QVERIFY_EXCEPTION_THROWN(run::run_mcmc(density, small_config()), Error);
  }

  void recorderStoresWhatTheRunReturned() {
    QTemporaryDir dir;
    const QString project = dir.filePath("p.kiln");
    const infer::ModelDensity density(test::normal_normal_model_with_shift);

    run::McmcRunConfig c = small_config();
    run::RunRecorder recorder(project.toStdString(), start_of(c.mcmc));
    c.callback = [&](const run::McmcIteration& it) { recorder.mcmc_iteration(it); };
    const run::McmcRunResult r = run::run_mcmc(density, c);
    recorder.mcmc_finished(r);
    compare_stored(project, recorder.run_id(), r, "completed");
    store::RunReader reader(project.toStdString());
    QCOMPARE(QString::fromStdString(reader.run(recorder.run_id()).algorithm), QString("nuts"));
    QCOMPARE(reader.summary(recorder.run_id())->rows.size(), size_t{2});

    // A cancelled run keeps its draws and says so: chain 1 stops in its sampling phase (in
    // sequence, so that chain 0 has finished and the stored chains are cut to chain 1's draws).
    std::atomic<bool> cancel{false};
    run::McmcRunConfig cc = small_config();
    cc.mcmc.chain_method = infer::mcmc::ChainMethod::Sequential;
    run::RunRecorder cancelled(project.toStdString(), start_of(cc.mcmc));
    cc.cancel = &cancel;
    cc.callback = [&](const run::McmcIteration& it) {
      cancelled.mcmc_iteration(it);
      if (it.info.chain == 1 && it.info.iteration == 130)
        cancel.store(true);
    };
    const run::McmcRunResult rc = run::run_mcmc(density, cc);
    cancelled.mcmc_finished(rc);
    QVERIFY(rc.mcmc.cancelled);
    QCOMPARE(rc.shortest_chain, int64_t{31});
    compare_stored(project, cancelled.run_id(), rc, "cancelled");

    run::RunRecorder failed(project.toStdString(), start_of(cc.mcmc));
    failed.failed("chain 1: it broke");
    const store::RunInfo info = reader.run(failed.run_id());
    QCOMPARE(QString::fromStdString(info.status), QString("failed"));
    QCOMPARE(QString::fromStdString(info.error), QString("chain 1: it broke"));
  }

  void executeRunFromText() {
    QTemporaryDir dir;
    const QString project = dir.filePath("p.kiln");
    int64_t started = 0, iterations = 0, steps = 0;
    std::mutex mutex;
    run::RunEvents events;
    events.started = [&](int64_t id) { started = id; };
    events.mcmc_iteration = [&](const run::McmcIteration&) {
      std::lock_guard<std::mutex> lock(mutex);
      ++iterations;
    };
    events.svi_step = [&](const run::SviStep&) { ++steps; };

    const run::RunOutcome nuts = run::execute_run(small_spec(project), events, nullptr);
    QVERIFY2(nuts.status == store::RunStatus::Completed, nuts.error.c_str());
    QCOMPARE(nuts.run_id, started);
    QCOMPARE(iterations, int64_t{400});
    store::RunReader reader(project.toStdString());
    const store::RunInfo info = reader.run(nuts.run_id);
    QCOMPARE(QString::fromStdString(info.status), QString("completed"));
    QCOMPARE(QString::fromStdString(info.dataset_name), QString("normal.json"));
    QCOMPARE(info.seed, uint64_t{4});
    QCOMPARE(reader.model_source(nuts.run_id), std::string(kSource));
    QCOMPARE(reader.site_draws(nuts.run_id)[0].second.sizes().vec(),
             (std::vector<int64_t>{2, 100}));

    run::RunSpec spec = small_spec(project);
    spec.algorithm = "svi";
    const run::RunOutcome svi = run::execute_run(spec, events, nullptr);
    QVERIFY2(svi.status == store::RunStatus::Completed, svi.error.c_str());
    QCOMPARE(steps, int64_t{200});
    QCOMPARE(static_cast<int64_t>(reader.metrics(svi.run_id).size()), int64_t{200});
    QVERIFY(!reader.guide_params(svi.run_id).is_null());
    QCOMPARE(reader.site_draws(svi.run_id)[0].second.sizes().vec(), (std::vector<int64_t>{1, 50}));
  }

  void executeRunFailsWithAMessage() {
    QTemporaryDir dir;
    const QString project = dir.filePath("p.kiln");

    run::RunSpec syntax = small_spec(project);
    syntax.model_source = "def model(x):\n    mu = pyro.sample(\"mu\", dist.Normal(0., 1.)\n";
    run::RunOutcome o = run::execute_run(syntax, {}, nullptr);
    QVERIFY(o.status == store::RunStatus::Failed);
    QVERIFY2(QString::fromStdString(o.error).contains("normal.py:"), o.error.c_str());
    QVERIFY(o.run_id > 0);

    run::RunSpec missing = small_spec(project);
    missing.dataset_content = R"({"y": [1.0]})";
    o = run::execute_run(missing, {}, nullptr);
    QVERIFY(o.status == store::RunStatus::Failed);
    QVERIFY2(QString::fromStdString(o.error).contains("'x'"), o.error.c_str());

    run::RunSpec shape = small_spec(project);
    shape.dataset_content = R"({"x": [1.0, 2.0, 3.0]})";
    o = run::execute_run(shape, {}, nullptr);
    QVERIFY(o.status == store::RunStatus::Failed);
    QVERIFY2(QString::fromStdString(o.error).contains("x"), o.error.c_str());

    run::RunSpec bad_json = small_spec(project);
    bad_json.dataset_content = "{";
    o = run::execute_run(bad_json, {}, nullptr);
    QVERIFY(o.status == store::RunStatus::Failed);
    QVERIFY2(QString::fromStdString(o.error).contains("normal.json: not valid JSON"),
             o.error.c_str());

    store::RunReader reader(project.toStdString());
    const store::RunInfo info = reader.run(o.run_id);
    QCOMPARE(QString::fromStdString(info.status), QString("failed"));
    QCOMPARE(info.error, o.error);

    // Not a project: refused before anything is written, so there is no run.
    QFile foreign(dir.filePath("notes.kiln"));
    QVERIFY(foreign.open(QIODevice::WriteOnly));
    foreign.write("not a project\n");
    foreign.close();
    o = run::execute_run(small_spec(foreign.fileName()), {}, nullptr);
    QVERIFY(o.status == store::RunStatus::Failed);
    QCOMPARE(o.run_id, int64_t{0});
    QVERIFY(!o.error.empty());
  }
};

QTEST_MAIN(McmcRunTest)
#include "mcmc_run_test.moc"
