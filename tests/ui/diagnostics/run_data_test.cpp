// What the plots read of a run equals what store::RunReader reads; a refresh reads only what is
// new; the summary recomputed from the draws equals the one `kiln run` stored.
#include "ui/common/tensor.h" // first: Qt's `slots` macro meets ATen otherwise

#include <QtTest/QtTest>

#include <QTemporaryDir>

#include "tests/support/stored_runs.h"
#include "ui/common/aten.h"
#include "ui/diagnostics/run_data.h"
#include "ui/diagnostics/run_model.h"

using namespace kiln;
using namespace kiln::ui;

namespace {

at::Tensor rows(const PhaseDraws& d, int64_t width) {
  return at::from_blob(const_cast<double*>(d.values.data()), {d.rows, width}, at::kDouble);
}

} // namespace

class RunDataTest : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  QString project() const { return m_dir.filePath("runs.kiln"); }

private slots:
  void aWholeReadEqualsTheReadersDraws() {
    test::StoredMcmc spec;
    spec.divergent_every = 20;
    const int64_t id = test::write_mcmc_run(project().toStdString(), spec);
    store::RunReader reader(project().toStdString());
    RunData data;
    data.apply(readRunDelta(reader, id, data.position()));
    QCOMPARE(data.info().status, std::string("completed"));
    QCOMPARE(static_cast<int64_t>(data.chains().size()), spec.chains);
    for (int64_t c = 0; c < spec.chains; ++c) {
      for (auto phase : {store::Phase::Warmup, store::Phase::Sampling}) {
        const auto stored = reader.draws(id, c, phase);
        const auto& ours =
            phase == store::Phase::Warmup ? data.chains()[c].warmup : data.chains()[c].sampling;
        QVERIFY(at::equal(rows(ours, data.width()), stored.values));
        QVERIFY(at::equal(at::from_blob(const_cast<double*>(ours.stats.data()),
                                        {ours.rows, data.numStats()}, at::kDouble),
                          stored.stats));
      }
    }
    // every 20th of chain 0's 200 sampling draws
    QCOMPARE(data.chains()[0].divergences, int64_t(10));
    QCOMPARE(data.totalDivergences(), int64_t(10));
    QVERIFY(data.storedSummary().has_value());
  }

  void quantitiesNameElementsAsTheSummaryDoes() {
    test::StoredMcmc spec;
    spec.elements = 3;
    const int64_t id = test::write_mcmc_run(project().toStdString(), spec);
    store::RunReader reader(project().toStdString());
    RunData data;
    data.apply(readRunDelta(reader, id, data.position()));
    std::vector<std::string> names;
    for (const auto& q : data.quantities())
      names.push_back(q.name);
    const std::vector<std::string> expected{
        "mu",          "theta[0]",     "theta[1]",      "theta[2]",
        "det",         "lp__",         "accept_stat__", "stepsize__",
        "treedepth__", "n_leapfrog__", "divergent__",   "energy__"};
    QCOMPARE(names, expected);
    const Quantity theta2 = data.quantity("theta[2]");
    QCOMPARE(theta2.column, int64_t(3));
    QCOMPARE(theta2.element, int64_t(2));
    QVERIFY(theta2.kind == QuantityKind::Latent);
    QVERIFY(data.quantity("det").kind == QuantityKind::Deterministic);
    QVERIFY(!data.quantity("nope").valid());
    // the sampling matrix of theta[2] is the reader's site draws of that element
    int64_t draws = 0;
    const std::vector<double> m = data.samplingMatrix(theta2, draws);
    at::Tensor expectedTheta;
    for (const auto& [name, t] : reader.site_draws(id))
      if (name == "theta")
        expectedTheta = t.select(2, 2).contiguous();
    QCOMPARE(draws, spec.samples);
    QVERIFY(
        at::equal(at::from_blob(const_cast<double*>(m.data()), {spec.chains, draws}, at::kDouble),
                  expectedTheta));
  }

  void theComputedSummaryIsTheStoredOne() {
    test::StoredMcmc spec;
    const int64_t id = test::write_mcmc_run(project().toStdString(), spec);
    store::RunReader reader(project().toStdString());
    RunData data;
    data.apply(readRunDelta(reader, id, data.position()));
    const auto computed = data.computeSummary();
    const auto& stored = *data.storedSummary();
    QCOMPARE(computed.rows.size(), stored.rows.size());
    for (size_t r = 0; r < stored.rows.size(); ++r) {
      QCOMPARE(computed.rows[r].name, stored.rows[r].name);
      QCOMPARE(computed.rows[r].mean, stored.rows[r].mean);
      QCOMPARE(computed.rows[r].ess_bulk, stored.rows[r].ess_bulk);
      QCOMPARE(computed.rows[r].r_hat, stored.rows[r].r_hat);
      QCOMPARE(computed.rows[r].hdi_lower, stored.rows[r].hdi_lower);
    }
  }

  void aRefreshReadsOnlyWhatIsNew() {
    test::StoredMcmc spec;
    spec.chains = 2;
    store::RunWriter writer(project().toStdString(), test::mcmc_start(spec));
    writer.set_layout(test::mcmc_layout_of(spec));
    std::vector<double> values, stats;
    auto write = [&](int64_t from, int64_t to) {
      for (int64_t c = 0; c < spec.chains; ++c)
        for (int64_t i = from; i < to; ++i) {
          test::mcmc_draw(spec, c, store::Phase::Sampling, i, values, stats);
          writer.append(c, store::Phase::Sampling, values.data(), stats.data());
        }
      writer.flush();
    };
    writer.add_metric(1, "loss", 3.0);
    write(0, 30);
    store::RunReader reader(project().toStdString());
    RunData data;
    const RunDelta first = readRunDelta(reader, writer.run_id(), data.position());
    data.apply(first);
    QCOMPARE(data.info().status, std::string("running"));
    QCOMPARE(first.chains[0].sampling.rows, int64_t(30));
    QVERIFY(!first.storedSummary);

    writer.add_metric(2, "loss", 2.0);
    write(30, 45);
    const RunDelta second = readRunDelta(reader, writer.run_id(), data.position());
    QVERIFY(!second.layout); // known already
    QCOMPARE(second.chains[0].sampling.rows, int64_t(15));
    QCOMPARE(second.chains[1].sampling.rows, int64_t(15));
    QCOMPARE(second.lossSteps, std::vector<double>{2.0});
    data.apply(second);
    QCOMPARE(data.lossValues(), (std::vector<double>{3.0, 2.0}));
    for (int64_t c = 0; c < spec.chains; ++c)
      QVERIFY(at::equal(rows(data.chains()[c].sampling, data.width()),
                        reader.draws(writer.run_id(), c, store::Phase::Sampling).values));

    const RunDelta nothing = readRunDelta(reader, writer.run_id(), data.position());
    QCOMPARE(nothing.chains[0].sampling.rows, int64_t(0));
    QVERIFY(nothing.lossSteps.empty());
    writer.finish(store::RunStatus::Cancelled);
    const RunDelta last = readRunDelta(reader, writer.run_id(), data.position());
    QCOMPARE(last.info.status, std::string("cancelled"));
  }

  void theModelReadsOnItsWorkerAndReportsBadRuns() {
    test::StoredMcmc spec;
    const int64_t id = test::write_mcmc_run(project().toStdString(), spec);
    RunModel model;
    QSignalSpy updated(&model, &RunModel::updated);
    QSignalSpy summary(&model, &RunModel::summaryChanged);
    model.open(project(), id);
    QVERIFY(updated.wait(10000));
    QCOMPARE(model.data().chains()[0].sampling.rows, spec.samples);
    QVERIFY(!model.isLive()); // a finished run is read once
    QVERIFY(summary.count() == 1 || summary.wait(5000));
    QCOMPARE(model.summary()->rows.size(), model.data().storedSummary()->rows.size());

    QSignalSpy failed(&model, &RunModel::failed);
    model.open(project(), 999);
    QVERIFY(failed.wait(10000));
    QVERIFY(model.errorMessage().contains("no run 999"));
    model.open(m_dir.filePath("missing/nothing.kiln"), 1);
    QVERIFY(failed.wait(10000));
    QVERIFY(!model.errorMessage().isEmpty());

    // another finished run afterwards is read from its start, with its own summary
    test::StoredMcmc other;
    other.elements = 5;
    const int64_t second = test::write_mcmc_run(project().toStdString(), other);
    QSignalSpy again(&model, &RunModel::summaryChanged);
    model.open(project(), second);
    QVERIFY(again.wait(10000));
    QVERIFY(model.errorMessage().isEmpty());
    QCOMPARE(model.summary()->rows.size(), size_t(7));
    QCOMPARE(model.data().chains()[0].sampling.rows, other.samples);
  }
};

QTEST_MAIN(RunDataTest)
#include "run_data_test.moc"
