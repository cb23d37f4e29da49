// The trace plot's lines are the stored draws: per chain, warmup then sampling, with the warmup
// band ending where sampling starts; changing the quantity redraws from the same draws.
#include "ui/common/tensor.h" // first: Qt's `slots` macro meets ATen otherwise

#include <QtTest/QtTest>

#include <QTemporaryDir>

#include "tests/support/stored_runs.h"
#include "ui/diagnostics/run_model.h"
#include "ui/diagnostics/trace_plot.h"

using namespace kiln;
using namespace kiln::ui;

class TracePlotTest : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;

private slots:
  void linesAreTheStoredDrawsWithWarmupShaded() {
    const QString project = m_dir.filePath("trace.kiln");
    test::StoredMcmc spec;
    spec.chains = 3;
    const int64_t id = test::write_mcmc_run(project.toStdString(), spec);
    RunModel model;
    TracePlot plot;
    plot.setModel(&model);
    QSignalSpy updated(&model, &RunModel::updated);
    model.open(project, id);
    QVERIFY(updated.wait(10000));
    plot.setQuantity(model.data().quantity("theta[1]"));
    QCOMPARE(plot.graphCount(), 3);
    store::RunReader reader(project.toStdString());
    for (int c = 0; c < 3; ++c) {
      const auto warm = reader.draws(id, c, store::Phase::Warmup).values.select(1, 2);
      const auto samp = reader.draws(id, c, store::Phase::Sampling).values.select(1, 2);
      const auto data = plot.chainGraph(c)->data();
      QCOMPARE(data->size(), static_cast<int>(spec.warmup + spec.samples));
      for (int64_t i = 0; i < spec.warmup; ++i) {
        QCOMPARE(data->at(static_cast<int>(i))->key, static_cast<double>(i));
        QCOMPARE(data->at(static_cast<int>(i))->value, warm[i].item<double>());
      }
      for (int64_t i = 0; i < spec.samples; ++i) {
        const auto p = data->at(static_cast<int>(spec.warmup + i));
        QCOMPARE(p->key, static_cast<double>(spec.warmup + i));
        QCOMPARE(p->value, samp[i].item<double>());
      }
    }
    QCOMPARE(plot.warmupEnd(), static_cast<double>(spec.warmup));
    QVERIFY(plot.warmupBand()->visible());
    QCOMPARE(plot.warmupBand()->bottomRight->coords().x(), static_cast<double>(spec.warmup));

    // a sampler statistic plots the statistics column
    plot.setQuantity(model.data().quantity("lp__"));
    const auto lp = reader.draws(id, 2, store::Phase::Sampling).stats.select(1, 0);
    QCOMPARE(plot.chainGraph(2)->data()->at(static_cast<int>(spec.warmup + 5))->value,
             lp[5].item<double>());
  }
};

QTEST_MAIN(TracePlotTest)
#include "trace_plot_test.moc"
