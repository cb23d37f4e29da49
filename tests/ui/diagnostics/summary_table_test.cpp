// The summary table shows the stored summary's numbers rounded as `kiln run` prints them, R-hat
// coloured by 1.01 / 1.05, and the divergences the statistics hold.
#include "ui/common/tensor.h" // first: Qt's `slots` macro meets ATen otherwise

#include <QtTest/QtTest>

#include <QLabel>
#include <QTableView>
#include <QTemporaryDir>

#include "tests/support/stored_runs.h"
#include "ui/diagnostics/run_model.h"
#include "ui/diagnostics/summary_model.h"
#include "ui/diagnostics/summary_table.h"

using namespace kiln;
using namespace kiln::ui;

using Level = SummaryModel::RhatLevel;

class SummaryTableTest : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;

  void openAndWait(RunModel& model, const QString& project, int64_t id) {
    QSignalSpy summary(&model, &RunModel::summaryChanged);
    model.open(project, id);
    QVERIFY(summary.wait(10000));
  }

private slots:
  void thresholds() {
    QVERIFY(SummaryModel::rhatLevel(1.0) == Level::Good);
    QVERIFY(SummaryModel::rhatLevel(1.0099) == Level::Good);
    QVERIFY(SummaryModel::rhatLevel(1.01) == Level::Doubtful);
    QVERIFY(SummaryModel::rhatLevel(1.0499) == Level::Doubtful);
    QVERIFY(SummaryModel::rhatLevel(1.05) == Level::Bad);
    QVERIFY(SummaryModel::rhatLevel(std::nan("")) == Level::Unknown);
  }

  void cellsAreTheStoredSummaryRoundedAsKilnRunPrintsIt() {
    const QString project = m_dir.filePath("summary.kiln");
    test::StoredMcmc spec;
    spec.stuck_offset = 2.0; // the last chain's mu sits elsewhere: R-hat far above 1.05
    spec.divergent_every = 25;
    const int64_t id = test::write_mcmc_run(project.toStdString(), spec);
    RunModel model;
    SummaryTable table;
    table.setModel(&model);
    openAndWait(model, project, id);
    QCoreApplication::processEvents();

    const auto stored = *store::RunReader(project.toStdString()).summary(id);
    const QAbstractItemModel* t = table.view()->model();
    auto text = [&](int r, int c) { return t->index(r, c).data().toString(); };
    auto background = [&](int r, int c) {
      return t->index(r, c).data(Qt::BackgroundRole).value<QColor>();
    };
    QCOMPARE(t->rowCount(), static_cast<int>(stored.rows.size()));
    QCOMPARE(t->columnCount(), 9);
    QCOMPARE(t->headerData(2, Qt::Horizontal).toString(), QString("hdi_3%"));
    QCOMPARE(t->headerData(8, Qt::Horizontal).toString(), QString("r_hat"));
    for (int r = 0; r < t->rowCount(); ++r) {
      const auto& row = stored.rows[static_cast<size_t>(r)];
      QCOMPARE(t->headerData(r, Qt::Vertical).toString(), QString::fromStdString(row.name));
      QCOMPARE(text(r, 0), QString::number(row.mean, 'f', 3));
      QCOMPARE(text(r, 1), QString::number(row.sd, 'f', 3));
      QCOMPARE(text(r, 2), QString::number(row.hdi_lower, 'f', 3));
      QCOMPARE(text(r, 6), QString::number(row.ess_bulk, 'f', 0));
      QCOMPARE(text(r, 7), QString::number(row.ess_tail, 'f', 0));
      QCOMPARE(text(r, 8), QString::number(row.r_hat, 'f', 2));
      QCOMPARE(background(r, 8), SummaryModel::rhatColor(SummaryModel::rhatLevel(row.r_hat)));
    }
    // mu (row 0) is the stuck one; theta[0] (row 1) mixes
    QVERIFY(stored.rows[0].r_hat >= 1.05);
    QCOMPARE(background(0, 8), SummaryModel::rhatColor(Level::Bad));
    QVERIFY(stored.rows[1].r_hat < 1.01);
    QCOMPARE(background(1, 8), SummaryModel::rhatColor(Level::Good));
    // 200 sampling draws of chain 0, every 25th divergent
    QVERIFY(table.divergenceLabel()->text().startsWith("8 divergent transitions"));
  }

  void aRunningRunShowsTheSummarySoFar() {
    const QString project = m_dir.filePath("running.kiln");
    test::StoredMcmc spec;
    store::RunWriter writer(project.toStdString(), test::mcmc_start(spec));
    test::append_mcmc_draws(writer, spec);
    RunModel model;
    SummaryTable table;
    table.setModel(&model);
    openAndWait(model, project, writer.run_id());
    QVERIFY(model.isLive());
    QVERIFY(!model.data().storedSummary());
    const auto expected = model.data().computeSummary();
    const QAbstractItemModel* t = table.view()->model();
    QCOMPARE(t->rowCount(), static_cast<int>(expected.rows.size()));
    QCOMPARE(t->index(0, 0).data().toString(), QString::number(expected.rows[0].mean, 'f', 3));
  }
};

QTEST_MAIN(SummaryTableTest)
#include "summary_table_test.moc"
