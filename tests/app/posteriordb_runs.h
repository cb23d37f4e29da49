#pragma once
// What the posteriordb tests share: the model and data of a posterior in examples/posteriordb, a
// `kiln run --json` read back into its summary, and the checks every posterior gets (the model
// checks silently, R-hat below 1.05, two seeds agree within 5 combined MCSE).

#include <QtTest/QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTemporaryDir>

#include <cmath>
#include <limits>

#include "tests/support/kiln_process.h"

namespace kiln::test {

inline QString posterior_model(const QString& posterior) {
  return QStringLiteral(KILN_SOURCE_DIR "/examples/posteriordb/") + posterior + ".py";
}

inline QString posterior_data(const QString& posterior) {
  return QStringLiteral(KILN_SOURCE_DIR "/examples/posteriordb/") + posterior + ".json";
}

// One row of the summary table.
struct SummaryRow {
  double mean = 0, mcse_mean = 0, r_hat = 0;
};

struct NutsRun {
  bool ok = false;
  QString error;
  int divergences = 0;
  double sampling_s = 0;
  QMap<QString, SummaryRow> rows;
};

// The sizes of a run: kept small, each posterior's own, so that every file stays under a minute.
struct RunSize {
  int chains = 2, warmup = 200, draws = 200;
  QStringList extra; // e.g. --dense-mass
};

inline double json_number(const QJsonValue& v) {
  return v.isDouble() ? v.toDouble() : std::numeric_limits<double>::quiet_NaN();
}

inline NutsRun run_nuts(const QString& posterior, int seed, const RunSize& size) {
  const QStringList args = QStringList{"run",      posterior_model(posterior),
                                       "--data",   posterior_data(posterior),
                                       "--algo",   "nuts",
                                       "--chains", QString::number(size.chains),
                                       "--warmup", QString::number(size.warmup),
                                       "--draws",  QString::number(size.draws),
                                       "--seed",   QString::number(seed),
                                       "--json"} +
                           size.extra;
  const KilnResult r = run_kiln(args, 300000);
  NutsRun run;
  if (r.status != 0) {
    run.error = QString("kiln run exited with %1: %2").arg(r.status).arg(r.err.right(2000));
    return run;
  }
  const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8()).object();
  run.divergences = report.value("divergences").toInt();
  run.sampling_s = report.value("sampling_s").toDouble();
  for (const QJsonValue& v : report.value("summary").toArray()) {
    const QJsonObject row = v.toObject();
    run.rows[row.value("name").toString()] = {json_number(row.value("mean")),
                                              json_number(row.value("mcse_mean")),
                                              json_number(row.value("r_hat"))};
  }
  run.ok = !run.rows.isEmpty();
  if (!run.ok)
    run.error = "no summary in the --json report: " + r.out.left(2000);
  return run;
}

// `kiln check MODEL --data DATA` exits 0 with "MODEL: ok" and nothing on standard error.
inline void expect_check_passes(const QString& posterior) {
  const KilnResult r =
      run_kiln({"check", posterior_model(posterior), "--data", posterior_data(posterior)});
  QVERIFY2(r.status == 0 && r.err.isEmpty() && r.out.trimmed().endsWith(": ok"),
           qPrintable(posterior + ": " + r.out + r.err));
}

// Two runs of `size` from the seeds `first` and `second`: each has R-hat below 1.05 everywhere and
// `allowed_divergences` or fewer divergent transitions, and every posterior mean agrees within 5
// combined MCSE. The first run is returned for reference checks.
inline NutsRun expect_stable(const QString& posterior, const RunSize& size,
                             int allowed_divergences = 0, int first = 1, int second = 2) {
  const NutsRun a = run_nuts(posterior, first, size);
  const NutsRun b = run_nuts(posterior, second, size);
  [&] {
    QVERIFY2(a.ok, qPrintable(posterior + ": " + a.error));
    QVERIFY2(b.ok, qPrintable(posterior + ": " + b.error));
    qInfo("%s: sampling %.1f s + %.1f s, divergences %d + %d", qPrintable(posterior), a.sampling_s,
          b.sampling_s, a.divergences, b.divergences);
    QVERIFY2(a.divergences <= allowed_divergences && b.divergences <= allowed_divergences,
             qPrintable(QString("%1: %2 and %3 divergences")
                            .arg(posterior)
                            .arg(a.divergences)
                            .arg(b.divergences)));
    QCOMPARE(a.rows.keys(), b.rows.keys());
    for (auto it = a.rows.begin(); it != a.rows.end(); ++it) {
      const SummaryRow& x = it.value();
      const SummaryRow& y = b.rows.value(it.key());
      const QString where = posterior + " " + it.key();
      QVERIFY2(x.r_hat < 1.05 && y.r_hat < 1.05,
               qPrintable(QString("%1: R-hat %2 and %3").arg(where).arg(x.r_hat).arg(y.r_hat)));
      const double combined = std::hypot(x.mcse_mean, y.mcse_mean);
      QVERIFY2(std::abs(x.mean - y.mean) <= 5 * combined,
               qPrintable(QString("%1: means %2 and %3, combined MCSE %4")
                              .arg(where)
                              .arg(x.mean)
                              .arg(y.mean)
                              .arg(combined)));
    }
  }();
  return a;
}

// The run's posterior mean of `name` is within `k` of its MCSE of `reference`.
inline void expect_mean_near(const NutsRun& run, const QString& name, double reference,
                             double k = 4) {
  QVERIFY2(run.rows.contains(name), qPrintable("no row " + name));
  const SummaryRow& row = run.rows.value(name);
  QVERIFY2(std::abs(row.mean - reference) <= k * row.mcse_mean,
           qPrintable(QString("%1: mean %2, reference %3, MCSE %4")
                          .arg(name)
                          .arg(row.mean, 0, 'g', 10)
                          .arg(reference, 0, 'g', 10)
                          .arg(row.mcse_mean)));
}

// `kiln logprob` at the constrained `values` (a JSON object) gives a log joint within `tolerance`
// of `reference`.
inline void expect_log_joint(const QString& posterior, const QByteArray& values, double reference,
                             double tolerance) {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  QFile file(dir.filePath("values.json"));
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(values);
  file.close();
  const KilnResult r = run_kiln({"logprob", posterior_model(posterior), "--data",
                                 posterior_data(posterior), "--values", file.fileName()});
  QVERIFY2(r.status == 0, qPrintable(posterior + ": " + r.err));
  const double log_joint =
      json_number(QJsonDocument::fromJson(r.out.toUtf8()).object().value("log_joint"));
  QVERIFY2(std::abs(log_joint - reference) <= tolerance,
           qPrintable(QString("%1: log joint %2, reference %3")
                          .arg(posterior)
                          .arg(log_joint, 0, 'g', 17)
                          .arg(reference, 0, 'g', 17)));
}

} // namespace kiln::test
