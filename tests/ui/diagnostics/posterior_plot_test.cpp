// The posterior plot counts every sampling draw (chains pooled, cut to the shortest as the
// summary cuts them), its histogram and density are densities, and its HDI lines stand at
// core's HDI of the same draws, the summary's hdi_3% / hdi_97%.
#include "ui/common/tensor.h" // first: Qt's `slots` macro meets ATen otherwise

#include <QtTest/QtTest>

#include <QTemporaryDir>

#include "core/diagnostics/hdi.h"
#include "tests/support/stored_runs.h"
#include "ui/diagnostics/posterior_plot.h"
#include "ui/diagnostics/run_model.h"

using namespace kiln;
using namespace kiln::ui;

class PosteriorPlotTest : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;

private slots:
  void histogramDensityAndHdiComeFromTheStoredDraws() {
    const QString project = m_dir.filePath("posterior.kiln");
    test::StoredMcmc spec;
    const int64_t id = test::write_mcmc_run(project.toStdString(), spec);
    RunModel model;
    PosteriorPlot plot;
    plot.setModel(&model);
    QSignalSpy updated(&model, &RunModel::updated);
    model.open(project, id);
    QVERIFY(updated.wait(10000));
    plot.setQuantity(model.data().quantity("theta[2]"));
    plot.recompute(); // hidden plots compute when shown; this one is asked to
    QCOMPARE(plot.drawCount(), spec.chains * spec.samples);

    store::RunReader reader(project.toStdString());
    at::Tensor theta2;
    for (const auto& [name, t] : reader.site_draws(id))
      if (name == "theta")
        theta2 = t.select(2, 2);
    const auto expected = diagnostics::hdi(theta2);
    QCOMPARE(plot.hdi().lower, expected.lower);
    QCOMPARE(plot.hdi().upper, expected.upper);
    QCOMPARE(plot.hdiLine(0)->point1->coords().x(), expected.lower);
    QCOMPARE(plot.hdiLine(1)->point1->coords().x(), expected.upper);
    // the summary's theta[2] row has the same interval
    const auto summary = reader.summary(id);
    QCOMPARE(summary->rows[3].name, std::string("theta[2]"));
    QCOMPARE(summary->rows[3].hdi_lower, expected.lower);
    QCOMPARE(summary->rows[3].hdi_upper, expected.upper);

    // the histogram is a density: bar areas sum to 1; so does the KDE, to grid accuracy
    double area = 0;
    const double width = plot.histogram()->width();
    for (auto it = plot.histogram()->data()->constBegin();
         it != plot.histogram()->data()->constEnd(); ++it)
      area += it->value * width;
    QVERIFY(qAbs(area - 1.0) < 1e-12);
    const auto density = plot.density()->data();
    QVERIFY(density->size() > 100);
    double kde = 0;
    for (int i = 1; i < density->size(); ++i)
      kde += 0.5 * (density->at(i)->value + density->at(i - 1)->value) *
             (density->at(i)->key - density->at(i - 1)->key);
    QVERIFY2(qAbs(kde - 1.0) < 0.01, qPrintable(QString::number(kde)));
  }

  void noDrawsDrawNothing() {
    PosteriorPlot plot;
    plot.recompute();
    QCOMPARE(plot.drawCount(), int64_t(0));
    QVERIFY(!plot.hdiLine(0)->visible());
    QVERIFY(std::isnan(plot.hdi().lower));
  }
};

QTEST_MAIN(PosteriorPlotTest)
#include "posterior_plot_test.moc"
