// Crash safety of `kiln run --project`: SIGKILL at random points of a run; then the file passes
// integrity_check, the run reads as interrupted, and every draw it committed equals the same
// draw (chain, phase, index) of an uninterrupted run with the same seed.
#include <QtTest/QtTest>

#include <csignal>

#include <signal.h>

#include <ATen/ATen.h>

#include "core/store/project_file.h"
#include "core/store/run_reader.h"
#include "core/store/sqlite.h"
#include "tests/support/kiln_process.h"

namespace {

const QString kCoin = QStringLiteral(KILN_SOURCE_DIR "/examples/coin_flip.py");
const QString kCoinData = QStringLiteral(KILN_SOURCE_DIR "/examples/coin_flip.json");
const QString kKiln = QStringLiteral(KILN_BINARY_DIR "/app/kiln/kiln");

} // namespace

class StoreCrashTest : public QObject {
  Q_OBJECT

private slots:
  void sigkillLeavesAnIntactFileWithAnInterruptedRun() {
    // The reference: the whole run, uninterrupted. The killed runs have the same seed, so every
    // draw they committed must equal the reference's draw of the same chain, phase and index.
    const QStringList base{"run",      kCoin, "--data",  kCoinData, "--chains", "2",
                           "--warmup", "200", "--draws", "1500",    "--seed",   "11"};
    const QString reference = dir_.filePath("reference.kiln");
    QElapsedTimer timer;
    timer.start();
    const auto full = kiln::test::run_kiln(base + QStringList{"--project", reference});
    const qint64 full_ms = timer.elapsed();
    QVERIFY2(full.status == 0, qPrintable(full.err));
    kiln::store::RunReader ref(reference.toStdString());

    QRandomGenerator random(20261124);
    int64_t killed_with_draws = 0;
    int kills = 0;
    for (int k = 0; k < 5; ++k) {
      // Anywhere from start-up to well before the end.
      const int kill_ms = 200 + static_cast<int>(random.bounded(static_cast<int>(full_ms * 0.6)));
      const QString project = dir_.filePath(QString("killed_%1.kiln").arg(k));
      QProcess p;
      p.setProcessEnvironment(kiln::test::kiln_environment());
      p.start(kKiln, base + QStringList{"--project", project});
      QVERIFY(p.waitForStarted());
      QTest::qWait(kill_ms);
      if (p.state() != QProcess::Running)
        continue; // a busy machine made the reference slow: this run finished first
      ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
      QVERIFY(p.waitForFinished(10000));
      QCOMPARE(p.exitStatus(), QProcess::CrashExit);
      ++kills;
      if (!QFile::exists(project))
        continue; // killed before it made the project

      {
        kiln::store::Database db(project.toStdString(), kiln::store::Database::Mode::ReadWrite);
        kiln::store::Statement check = db.prepare("PRAGMA integrity_check");
        QVERIFY(check.step());
        QCOMPARE(check.column_text(0), std::string("ok"));
      }
      kiln::store::open_project(project.toStdString(), kiln::store::Access::Write);
      kiln::store::RunReader reader(project.toStdString());
      const auto runs = reader.runs();
      if (runs.empty())
        continue; // killed before the run's row was committed
      QCOMPARE(runs.size(), size_t{1});
      QCOMPARE(runs[0].status, std::string("interrupted"));
      for (int64_t c = 0; c < 2; ++c)
        for (auto phase : {kiln::store::Phase::Warmup, kiln::store::Phase::Sampling}) {
          const at::Tensor got = reader.draws(1, c, phase).values;
          const at::Tensor want = ref.draws(1, c, phase).values;
          QVERIFY(got.size(0) <= want.size(0));
          QVERIFY2(got.equal(want.narrow(0, 0, got.size(0))),
                   qPrintable(QString("kill %1, chain %2").arg(k).arg(c)));
          killed_with_draws += got.size(0);
        }
    }
    QVERIFY2(kills >= 3, "fewer than 3 runs were killed before they ended");
    QVERIFY2(killed_with_draws > 0, "no kill left any committed draw to check");
  }

private:
  QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(StoreCrashTest)
#include "store_crash_test.moc"
