// The ELBO plot's raw series is the stored loss per step, its smoothed series the trailing mean,
// the log toggle switches the axis (and is refused for losses that are not positive), and a
// second run is overlaid.
#include "ui/common/tensor.h" // first: Qt's `slots` macro meets ATen otherwise

#include <QtTest/QtTest>

#include <QTemporaryDir>

#include "tests/support/stored_runs.h"
#include "ui/diagnostics/elbo_plot.h"
#include "ui/diagnostics/run_model.h"

using namespace kiln;
using namespace kiln::ui;

class ElboPlotTest : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;

  void openAndWait(RunModel& model, const QString& project, int64_t id) {
    QSignalSpy updated(&model, &RunModel::updated);
    model.open(project, id);
    QVERIFY(updated.wait(10000));
  }

private slots:
  void rawAndSmoothedSeries() {
    const QString project = m_dir.filePath("elbo.kiln");
    const int64_t steps = 300;
    const int64_t id = test::write_svi_run(project.toStdString(), steps, 3);
    RunModel model;
    ElboPlot plot;
    plot.setSmoothingWindow(20);
    plot.setModel(&model);
    openAndWait(model, project, id);
    const auto raw = plot.rawGraph()->data();
    const auto smooth = plot.smoothedGraph()->data();
    QCOMPARE(raw->size(), static_cast<int>(steps));
    QCOMPARE(smooth->size(), static_cast<int>(steps));
    for (int64_t s = 1; s <= steps; ++s) {
      QCOMPARE(raw->at(static_cast<int>(s - 1))->key, static_cast<double>(s));
      QCOMPARE(raw->at(static_cast<int>(s - 1))->value, test::svi_loss(s, 3));
    }
    // the trailing mean, summed afresh here: steps 1..5 average what exists, 100 averages 81..100
    auto mean = [](int64_t from, int64_t to) {
      double sum = 0;
      for (int64_t s = from; s <= to; ++s)
        sum += test::svi_loss(s, 3);
      return sum / static_cast<double>(to - from + 1);
    };
    QVERIFY(qAbs(smooth->at(4)->value - mean(1, 5)) < 1e-9);
    QVERIFY(qAbs(smooth->at(99)->value - mean(81, 100)) < 1e-9);
    QVERIFY(qAbs(smooth->at(299)->value - mean(281, 300)) < 1e-9);
  }

  void logToggleChangesTheAxis() {
    const QString project = m_dir.filePath("log.kiln");
    const int64_t id = test::write_svi_run(project.toStdString(), 100, 4);
    RunModel model;
    ElboPlot plot;
    plot.setModel(&model);
    openAndWait(model, project, id);
    QSignalSpy changed(&plot, &ElboPlot::logScaleChanged);
    QVERIFY(plot.logScaleAvailable());
    plot.setLogScale(true);
    QCOMPARE(plot.yAxis->scaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(changed.count(), 1);
    plot.setLogScale(false);
    QCOMPARE(plot.yAxis->scaleType(), QCPAxis::stLinear);

    // losses below zero: a log axis would lose them, so it stays linear
    const int64_t negative = test::write_svi_run(project.toStdString(), 100, 4, 1000.0);
    openAndWait(model, project, negative);
    QVERIFY(!plot.logScaleAvailable());
    plot.setLogScale(true);
    QCOMPARE(plot.yAxis->scaleType(), QCPAxis::stLinear);
  }

  void aSecondRunIsOverlaid() {
    const QString project = m_dir.filePath("compare.kiln");
    const int64_t a = test::write_svi_run(project.toStdString(), 120, 5);
    const int64_t b = test::write_svi_run(project.toStdString(), 80, 6);
    RunModel first, second;
    ElboPlot plot;
    plot.setModel(&first);
    plot.setComparison(&second);
    openAndWait(first, project, a);
    openAndWait(second, project, b);
    QCOMPARE(plot.graphCount(), 4);
    QCOMPARE(plot.rawGraph(0)->data()->size(), 120);
    QCOMPARE(plot.rawGraph(1)->data()->size(), 80);
    QCOMPARE(plot.rawGraph(1)->data()->at(9)->value, test::svi_loss(10, 6));
    plot.setComparison(nullptr);
    QCOMPARE(plot.graphCount(), 2);
    QVERIFY(plot.rawGraph(1) == nullptr);
  }
};

QTEST_MAIN(ElboPlotTest)
#include "elbo_plot_test.moc"
