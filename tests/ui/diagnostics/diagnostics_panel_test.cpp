// The panel follows a run while another thread writes it: the plotted draws grow frame by frame,
// the event loop never stalls past 100 ms, and at the end the plots hold exactly the stored
// draws. It also compares two runs, and shows a bad run as a message.
#include "ui/common/tensor.h" // first: Qt's `slots` macro meets ATen otherwise

#include <QtTest/QtTest>

#include <QElapsedTimer>
#include <QLabel>
#include <QProgressBar>
#include <QTabWidget>
#include <QTemporaryDir>

#include <atomic>
#include <chrono>
#include <thread>

#include "tests/support/stored_runs.h"
#include "ui/diagnostics/chain_progress.h"
#include "ui/diagnostics/diagnostics_panel.h"
#include "ui/diagnostics/elbo_plot.h"
#include "ui/diagnostics/parameter_picker.h"
#include "ui/diagnostics/posterior_plot.h"
#include "ui/diagnostics/run_model.h"
#include "ui/diagnostics/trace_plot.h"

using namespace kiln;
using namespace kiln::ui;

class DiagnosticsPanelTest : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;

private slots:
  void followsALiveRunWithoutStalling() {
    const QString project = m_dir.filePath("live.kiln");
    test::StoredMcmc spec;
    spec.chains = 4;
    spec.warmup = 100;
    spec.samples = 500;
    store::WriterOptions options;
    options.commit_ms = 50;
    auto writer =
        std::make_unique<store::RunWriter>(project.toStdString(), test::mcmc_start(spec), options);
    writer->set_layout(test::mcmc_layout_of(spec));
    const int64_t id = writer->run_id();

    DiagnosticsPanel panel;
    panel.resize(1200, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy finished(&panel, &DiagnosticsPanel::runFinished);
    panel.showRun(project, id);

    // The sampler: one iteration of every chain each 2 ms, as a fast NUTS would stream.
    std::thread sampler([&] {
      std::vector<double> values, stats;
      for (int64_t i = 0; i < spec.warmup + spec.samples; ++i) {
        const bool warm = i < spec.warmup;
        const auto phase = warm ? store::Phase::Warmup : store::Phase::Sampling;
        for (int64_t c = 0; c < spec.chains; ++c) {
          test::mcmc_draw(spec, c, phase, warm ? i : i - spec.warmup, values, stats);
          writer->append(c, phase, values.data(), stats.data());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
      writer->finish(store::RunStatus::Completed);
    });

    // Watch the event loop: a 5 ms timer whose gaps show any stall.
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0, worst = 0;
    QTimer tick;
    tick.setInterval(5);
    connect(&tick, &QTimer::timeout, [&] {
      const qint64 now = clock.elapsed();
      worst = std::max(worst, now - last);
      last = now;
    });
    tick.start();
    std::vector<int> plotted;
    bool sawLive = false;
    while (finished.isEmpty() && clock.elapsed() < 20000) {
      QTest::qWait(20);
      sawLive = sawLive || panel.isLive();
      const QCPGraph* g = panel.tracePlot()->chainGraph(0);
      const int n = g ? g->data()->size() : 0;
      if (plotted.empty() || n != plotted.back())
        plotted.push_back(n);
    }
    tick.stop();
    sampler.join();
    qInfo("%d frames with new draws; the longest event-loop gap was %lld ms",
          static_cast<int>(plotted.size()), worst);
    QVERIFY(!finished.isEmpty());
    QVERIFY(sawLive);
    QVERIFY(!panel.isLive());
    QVERIFY2(plotted.size() >= 4, qPrintable(QString("plotted counts: %1").arg(plotted.size())));
    QVERIFY(std::is_sorted(plotted.begin(), plotted.end()));
    QVERIFY2(worst < 100, qPrintable(QString("the event loop stalled %1 ms").arg(worst)));

    // At the end the plots hold exactly the stored draws.
    store::RunReader reader(project.toStdString());
    const auto stored = reader.draws(id, 0, store::Phase::Sampling).values.select(1, 0);
    const auto data = panel.tracePlot()->chainGraph(0)->data();
    QCOMPARE(data->size(), static_cast<int>(spec.warmup + spec.samples));
    for (int64_t i = 0; i < spec.samples; i += 37)
      QCOMPARE(data->at(static_cast<int>(spec.warmup + i))->value, stored[i].item<double>());
    QCOMPARE(panel.model()->summary()->rows.size(), size_t(2 + spec.elements));
    // and the progress shows every chain done
    ChainProgress* progress = panel.chainProgress();
    QCOMPARE(progress->rowCount(), 4);
    for (int c = 0; c < 4; ++c) {
      QCOMPARE(progress->bar(c)->value(), progress->bar(c)->maximum());
      QCOMPARE(progress->bar(c)->value(), static_cast<int>(spec.warmup + spec.samples));
    }
  }

  void progressCountsDivergencesByChain() {
    const QString project = m_dir.filePath("divergent.kiln");
    test::StoredMcmc spec;
    spec.divergent_every = 10; // chain 0 only
    const int64_t id = test::write_mcmc_run(project.toStdString(), spec);
    DiagnosticsPanel panel;
    QSignalSpy updated(panel.model(), &RunModel::updated);
    panel.showRun(project, id);
    QVERIFY(updated.wait(10000));
    ChainProgress* progress = panel.chainProgress();
    QCOMPARE(progress->divergenceLabel(0)->text(), QString("20 divergent"));
    QCOMPARE(progress->divergenceLabel(1)->text(), QString("0 divergent"));
    QCOMPARE(progress->bar(2)->format(), QString("sampling 200/200"));
    QVERIFY(progress->statusLabel()->text().contains("completed"));
  }

  void comparesTwoRuns() {
    const QString project = m_dir.filePath("compare.kiln");
    const int64_t a = test::write_svi_run(project.toStdString(), 200, 1);
    const int64_t b = test::write_svi_run(project.toStdString(), 150, 2);
    DiagnosticsPanel panel;
    panel.resize(1200, 700);
    panel.show();
    QSignalSpy first(panel.model(), &RunModel::updated);
    panel.showRun(project, a);
    QVERIFY(first.wait(10000));
    QCOMPARE(panel.tabs()->currentIndex(), int(DiagnosticsPanel::Elbo)); // SVI opens on its ELBO
    QVERIFY(!panel.tabs()->isTabVisible(DiagnosticsPanel::Trace));
    QSignalSpy second(panel.comparisonModel(), &RunModel::updated);
    panel.compareWith(b);
    QVERIFY(second.wait(10000));
    QCOMPARE(panel.elboPlot()->rawGraph(1)->data()->size(), 150);
    panel.setCurrentTab(DiagnosticsPanel::Posterior);
    QCoreApplication::processEvents();
    QVERIFY(panel.posteriorPlot(1)->isVisible());
    QCOMPARE(panel.posteriorPlot(1)->quantity().name, std::string("mu"));
    QCOMPARE(panel.posteriorPlot(1)->drawCount(), int64_t(100));
    panel.stopComparing();
    QVERIFY(!panel.posteriorPlot(1)->isVisible());
    QVERIFY(panel.elboPlot()->rawGraph(1) == nullptr);
  }

  void aBadRunIsAMessage() {
    DiagnosticsPanel panel;
    QSignalSpy failed(panel.model(), &RunModel::failed);
    panel.showRun(m_dir.filePath("none.kiln"), 3);
    QVERIFY(failed.wait(10000));
    QVERIFY(!panel.messageLabel()->isHidden());
    QVERIFY(panel.messageLabel()->text().contains("none.kiln"));
    const QString project = m_dir.filePath("one.kiln");
    test::write_svi_run(project.toStdString(), 10);
    panel.showRun(project, 42);
    QVERIFY(failed.wait(10000));
    QVERIFY(panel.messageLabel()->text().contains("no run 42"));
  }
};

QTEST_MAIN(DiagnosticsPanelTest)
#include "diagnostics_panel_test.moc"
