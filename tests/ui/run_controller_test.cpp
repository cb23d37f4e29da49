// RunController: SVI and NUTS runs on worker threads into a temporary project (the signals in
// order, the run stored with its draws, progress throttled), the event loop never blocked for
// more than 100 ms while a run goes, stop keeping the draws, destroying the controller during a
// run, and a model with an error or data that does not fit ending as a failed run with its
// message.

#include <QtTest/QtTest>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

#include "core/store/run_reader.h"
#include "tests/support/lang_files.h"
#include "ui/run/run_controller.h"

using namespace kiln;
using namespace kiln::ui;

namespace {

const char* kSource = R"(import torch
import pyro
import pyro.distributions as dist

def model(x):
    mu = pyro.sample("mu", dist.Normal(0., 2.))
    with pyro.plate("data", 8):
        pyro.sample("x", dist.Normal(mu, 1.), obs=x)
)";
const char* kData = R"({"x": [1.2, 0.4, 2.1, 1.7, 0.9, 1.4, 2.5, 0.8]})";

QString example(const char* name) {
  return QString::fromStdString(
      test::read_file(QStringLiteral(KILN_SOURCE_DIR "/examples/") + QLatin1String(name)));
}

RunRequest tinyRequest(const QString& project, const QString& algorithm) {
  RunRequest r;
  r.projectPath = project;
  r.modelName = QStringLiteral("normal");
  r.modelSource = QString::fromUtf8(kSource);
  r.datasetName = QStringLiteral("normal.json");
  r.datasetFormat = QStringLiteral("json");
  r.datasetContent = QString::fromUtf8(kData);
  r.algorithm = algorithm;
  r.mcmc.num_chains = 2;
  r.mcmc.num_warmup = 100;
  r.mcmc.num_samples = 100;
  r.svi.steps = 300;
  r.svi.posterior_draws = 100;
  r.seed = 7;
  return r;
}

RunRequest eightSchools(const QString& project) {
  RunRequest r;
  r.projectPath = project;
  r.modelName = QStringLiteral("eight_schools_noncentered");
  r.modelSource = example("eight_schools_noncentered.py");
  r.datasetName = QStringLiteral("eight_schools.json");
  r.datasetFormat = QStringLiteral("json");
  r.datasetContent = example("eight_schools.json");
  r.algorithm = QStringLiteral("nuts");
  r.mcmc.num_chains = 2;
  r.mcmc.num_warmup = 500;
  r.mcmc.num_samples = 1500;
  return r;
}

// The signals of a controller as one ordered log.
struct SignalLog {
  QStringList events;
  qint64 started = 0, finishedId = -1;
  QString status, error;
  int chainSignals = 0, sviSignals = 0;
  qint64 lastIteration[2] = {0, 0};
  qint64 lastTotal = 0, lastStep = 0;

  explicit SignalLog(RunController& c) {
    QObject::connect(&c, &RunController::runningChanged, [this](bool running) {
      events << (running ? QStringLiteral("running") : QStringLiteral("idle"));
    });
    QObject::connect(&c, &RunController::runStarted, [this](qint64 id) {
      started = id;
      events << QStringLiteral("started");
    });
    QObject::connect(&c, &RunController::chainProgress,
                     [this](int chain, qint64 it, qint64 total, bool, qint64 divergences) {
                       ++chainSignals;
                       QVERIFY(chain >= 0 && chain < 2);
                       QVERIFY(it >= lastIteration[chain] && it <= total && divergences >= 0);
                       lastIteration[chain] = it;
                       lastTotal = total;
                       if (events.last() != QLatin1String("progress"))
                         events << QStringLiteral("progress");
                     });
    QObject::connect(&c, &RunController::sviProgress, [this](qint64 step, qint64 total, double) {
      ++sviSignals;
      QVERIFY(step >= lastStep && step <= total);
      lastStep = step;
      lastTotal = total;
      if (events.last() != QLatin1String("progress"))
        events << QStringLiteral("progress");
    });
    QObject::connect(&c, &RunController::runFinished,
                     [this](qint64 id, const QString& s, const QString& e) {
                       finishedId = id;
                       status = s;
                       error = e;
                       events << QStringLiteral("finished");
                     });
  }
  bool done() const { return finishedId >= 0; }
};

// The longest wait between ticks of a 10 ms timer while `until` is false.
qint64 longestGap(const std::function<bool()>& until, int timeoutMs) {
  QElapsedTimer clock;
  clock.start();
  qint64 last = 0, longest = 0;
  QTimer timer;
  timer.setInterval(10);
  QObject::connect(&timer, &QTimer::timeout, [&] {
    const qint64 now = clock.elapsed();
    longest = std::max(longest, now - last);
    last = now;
  });
  timer.start();
  while (!until() && clock.elapsed() < timeoutMs)
    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
  return longest;
}

} // namespace

class RunControllerTest : public QObject {
  Q_OBJECT

private slots:
  void sviRunsAndIsStored() {
    QTemporaryDir dir;
    const QString project = dir.filePath("p.kiln");
    RunController controller;
    SignalLog log(controller);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(controller.start(tinyRequest(project, QStringLiteral("svi"))));
    QVERIFY(controller.isRunning());
    QVERIFY(!controller.start(tinyRequest(project, QStringLiteral("svi")))); // one at a time
    QTRY_VERIFY_WITH_TIMEOUT(log.done(), 60000);
    const qint64 elapsed = clock.elapsed();

    QCOMPARE(log.status, QStringLiteral("completed"));
    QVERIFY2(log.error.isEmpty(), qPrintable(log.error));
    QCOMPARE(log.events, (QStringList{"running", "started", "progress", "idle", "finished"}));
    QCOMPARE(log.finishedId, log.started);
    QCOMPARE(controller.runId(), log.started);
    QVERIFY(!controller.isRunning());
    QCOMPARE(log.lastStep, qint64{300}); // the last state always arrives
    QCOMPARE(log.lastTotal, qint64{300});
    // Throttled: at most one update per 50 ms, plus the last.
    QVERIFY2(log.sviSignals <= elapsed / 50 + 2, qPrintable(QString::number(log.sviSignals)));

    store::RunReader reader(project.toStdString());
    const store::RunInfo info = reader.run(log.started);
    QCOMPARE(QString::fromStdString(info.status), QStringLiteral("completed"));
    QCOMPARE(QString::fromStdString(info.algorithm), QStringLiteral("svi"));
    QCOMPARE(info.seed, uint64_t{7});
    QCOMPARE(static_cast<int64_t>(reader.metrics(log.started).size()), int64_t{300});
    QCOMPARE(reader.site_draws(log.started)[0].second.sizes().vec(),
             (std::vector<int64_t>{1, 100}));
  }

  void nutsNeverBlocksTheEventLoop() {
    QTemporaryDir dir;
    const QString project = dir.filePath("p.kiln");
    RunController controller;
    SignalLog log(controller);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(controller.start(eightSchools(project)));
    const qint64 gap = longestGap([&] { return log.done(); }, 120000);
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(log.status == QLatin1String("completed"), qPrintable(log.error));
    qInfo("longest wait of the event loop during the run: %lld ms", gap);
    QVERIFY2(gap <= 100, qPrintable(QStringLiteral("the event loop waited %1 ms").arg(gap)));
    QCOMPARE(log.events, (QStringList{"running", "started", "progress", "idle", "finished"}));
    QCOMPARE(log.lastIteration[0], qint64{2000});
    QCOMPARE(log.lastIteration[1], qint64{2000});
    QCOMPARE(log.lastTotal, qint64{2000});
    // Throttled: at most one update of both chains per 50 ms, plus the last.
    QVERIFY2(log.chainSignals <= 2 * (elapsed / 50 + 2),
             qPrintable(QString::number(log.chainSignals)));

    store::RunReader reader(project.toStdString());
    QCOMPARE(QString::fromStdString(reader.run(log.started).status), QStringLiteral("completed"));
    const auto sites = reader.site_draws(log.started);
    QCOMPARE(QString::fromStdString(sites[0].first), QStringLiteral("mu"));
    QCOMPARE(sites[0].second.sizes().vec(), (std::vector<int64_t>{2, 1500}));
    QVERIFY(reader.summary(log.started).has_value());
  }

  void stopKeepsTheDraws() {
    QTemporaryDir dir;
    const QString project = dir.filePath("p.kiln");
    RunController controller;
    SignalLog log(controller);
    RunRequest request = eightSchools(project);
    request.mcmc.num_warmup = 100;
    request.mcmc.num_samples = 1000000; // far longer than the test waits
    QVERIFY(controller.start(request));
    QTRY_VERIFY_WITH_TIMEOUT(log.lastIteration[0] > 150 && log.lastIteration[1] > 150, 60000);
    controller.stop();
    QTRY_VERIFY_WITH_TIMEOUT(log.done(), 30000);
    QCOMPARE(log.status, QStringLiteral("cancelled"));
    QCOMPARE(log.events.last(), QStringLiteral("finished"));

    store::RunReader reader(project.toStdString());
    QCOMPARE(QString::fromStdString(reader.run(log.started).status), QStringLiteral("cancelled"));
    const auto sites = reader.site_draws(log.started);
    QCOMPARE(sites[0].second.size(0), int64_t{2});
    QVERIFY(sites[0].second.size(1) >= 50);
    QVERIFY(reader.summary(log.started).has_value());
  }

  void destroyingDuringARunCancelsIt() {
    QTemporaryDir dir;
    const QString project = dir.filePath("p.kiln");
    auto controller = std::make_unique<RunController>();
    SignalLog log(*controller);
    RunRequest request = eightSchools(project);
    request.mcmc.num_warmup = 50;
    request.mcmc.num_samples = 1000000;
    QVERIFY(controller->start(request));
    QTRY_VERIFY_WITH_TIMEOUT(log.lastIteration[0] > 80 && log.lastIteration[1] > 80, 60000);
    const qint64 id = log.started;
    controller.reset();

    store::RunReader reader(project.toStdString());
    const store::RunInfo info = reader.run(id);
    QCOMPARE(QString::fromStdString(info.status), QStringLiteral("cancelled"));
    QVERIFY(reader.site_draws(id)[0].second.size(1) > 0);
  }

  void aModelWithAnErrorFails() {
    QTemporaryDir dir;
    const QString project = dir.filePath("p.kiln");
    RunController controller;
    SignalLog log(controller);
    RunRequest request = tinyRequest(project, QStringLiteral("nuts"));
    request.modelSource =
        QStringLiteral("def model(x):\n    mu = pyro.sample(\"mu\", dist.Normal(0., "
                       "1.)\n");
    QVERIFY(controller.start(request));
    QTRY_VERIFY_WITH_TIMEOUT(log.done(), 30000);
    QCOMPARE(log.status, QStringLiteral("failed"));
    qInfo("%s", qPrintable(log.error));
    QVERIFY2(log.error.contains(QLatin1String("normal.py:2")), qPrintable(log.error));
    QCOMPARE(log.events, (QStringList{"running", "started", "idle", "finished"}));
    store::RunReader reader(project.toStdString());
    QCOMPARE(QString::fromStdString(reader.run(log.started).error), log.error);
  }

  void dataThatDoesNotFitFails() {
    QTemporaryDir dir;
    const QString project = dir.filePath("p.kiln");
    for (const QString& data : {QStringLiteral(R"({"y": [1.0]})"), QStringLiteral("{"),
                                QStringLiteral(R"({"x": [[1.0, 2.0], [3.0, 4.0]]})")}) {
      RunController controller;
      SignalLog log(controller);
      RunRequest request = tinyRequest(project, QStringLiteral("svi"));
      request.datasetContent = data;
      QVERIFY(controller.start(request));
      QTRY_VERIFY_WITH_TIMEOUT(log.done(), 30000);
      QCOMPARE(log.status, QStringLiteral("failed"));
      QVERIFY2(!log.error.isEmpty(), qPrintable(data));
      qInfo("%s", qPrintable(log.error));
      QVERIFY(controller.start(tinyRequest(project, QStringLiteral("svi")))); // ready again
      log.finishedId = -1;
      QTRY_VERIFY_WITH_TIMEOUT(log.done(), 60000);
      QCOMPARE(log.status, QStringLiteral("completed"));
    }
  }
};

QTEST_MAIN(RunControllerTest)
#include "run_controller_test.moc"
