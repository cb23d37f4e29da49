// The project file from the command line: `kiln run --project` stores the run and names it;
// `kiln runs list|show|delete`, `kiln export` in its four formats (each read back and compared
// with what `kiln run --out` wrote), `kiln models`, `kiln datasets import`; the default project
// under XDG_DATA_HOME; files Kiln must refuse. (SIGKILL of a run: store_crash_test.cpp.)
#include <QtTest/QtTest>

#include "core/store/run_writer.h"
#include "tests/support/kiln_process.h"

namespace {

const QString kCoin = QStringLiteral(KILN_SOURCE_DIR "/examples/coin_flip.py");
const QString kCoinData = QStringLiteral(KILN_SOURCE_DIR "/examples/coin_flip.json");

QByteArray bytes_of(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList lines_of(const QString& path) {
  QStringList lines = QString::fromUtf8(bytes_of(path)).split('\n');
  if (!lines.isEmpty() && lines.back().isEmpty())
    lines.pop_back();
  return lines;
}

// The numbers of a CSV file's rows (comments and header left out).
QList<QList<double>> csv_rows(const QString& path) {
  QList<QList<double>> rows;
  bool header = true;
  for (const QString& line : lines_of(path)) {
    if (line.startsWith('#'))
      continue;
    if (header) {
      header = false;
      continue;
    }
    QList<double> row;
    for (const QString& cell : line.split(','))
      row << cell.toDouble();
    rows << row;
  }
  return rows;
}

QStringList coin(const QString& project, const QStringList& extra = {}) {
  return QStringList{"run", kCoin,     "--data", kCoinData, "--chains", "2",         "--warmup",
                     "150", "--draws", "200",    "--seed",  "3",        "--project", project} +
         extra;
}

} // namespace

class StoreCliTest : public QObject {
  Q_OBJECT

private slots:
  void runIsStoredShownAndExported() {
    const QString project = dir_.filePath("coin.kiln");
    const QString out = dir_.filePath("coin_out");
    const auto r = kiln::test::run_kiln(coin(project, {"--out", out}));
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("run 1 stored in " + project), qPrintable(r.out));

    const auto list = kiln::test::run_kiln({"runs", "list", "--project", project});
    QCOMPARE(list.status, 0);
    QVERIFY2(
        QRegularExpression("\\n1 +completed +coin_flip +nuts +2 +400 ").match(list.out).hasMatch(),
        qPrintable(list.out));

    // `runs show` reprints the summary table `kiln run` printed.
    const auto show = kiln::test::run_kiln({"runs", "show", "1", "--project", project});
    QCOMPARE(show.status, 0);
    const QString table = r.out.left(r.out.indexOf("\n\n") + 1);
    QVERIFY(table.contains("latent_fairness"));
    QVERIFY2(show.out.contains(table), qPrintable(show.out + "\n---\n" + table));
    QVERIFY(show.out.contains("run 1: completed"));
    QVERIFY(show.out.contains("coin_flip.json"));

    // CmdStan CSVs and summary.csv come back byte for byte (timings and adaptation included).
    const QString csv = dir_.filePath("export_csv");
    auto e = kiln::test::run_kiln(
        {"export", "1", "--format", "cmdstan-csv", "--out", csv, "--project", project});
    QVERIFY2(e.status == 0, qPrintable(e.err));
    for (const QString name : {"chain_1.csv", "chain_2.csv"}) {
      QVERIFY(!bytes_of(out + "/" + name).isEmpty());
      QCOMPARE(bytes_of(csv + "/" + name), bytes_of(out + "/" + name));
    }
    e = kiln::test::run_kiln(
        {"export", "1", "--format", "summary-csv", "--out", csv, "--project", project});
    QCOMPARE(e.status, 0);
    QCOMPARE(bytes_of(csv + "/summary.csv"), bytes_of(out + "/summary.csv"));

    // The long CSV: chain, draw, then the parameters, equal to the chain files' columns.
    e = kiln::test::run_kiln(
        {"export", "1", "--format", "long-csv", "--out", csv, "--project", project});
    QCOMPARE(e.status, 0);
    QCOMPARE(lines_of(csv + "/draws.csv").front(), QString("chain,draw,latent_fairness"));
    const auto long_rows = csv_rows(csv + "/draws.csv");
    QCOMPARE(long_rows.size(), 400);
    const auto chain1 = csv_rows(out + "/chain_1.csv"), chain2 = csv_rows(out + "/chain_2.csv");
    for (int i = 0; i < 400; ++i) {
      const auto& chain_row = i < 200 ? chain1[i] : chain2[i - 200];
      QCOMPARE(long_rows[i][0], i < 200 ? 1.0 : 2.0);
      QCOMPARE(long_rows[i][1], double(i % 200 + 1));
      QCOMPARE(long_rows[i][2], chain_row[7]);
    }

    // ArviZ's from_dict layout: posterior and sample_stats [chain][draw], the observed data.
    e = kiln::test::run_kiln(
        {"export", "1", "--format", "json", "--out", csv, "--project", project});
    QCOMPARE(e.status, 0);
    const QJsonObject doc = QJsonDocument::fromJson(bytes_of(csv + "/posterior.json")).object();
    const QJsonArray fairness = doc["posterior"].toObject()["latent_fairness"].toArray();
    QCOMPARE(fairness.size(), 2);
    const QJsonObject stats = doc["sample_stats"].toObject();
    for (int c = 0; c < 2; ++c) {
      const auto& rows = c == 0 ? chain1 : chain2;
      QCOMPARE(fairness[c].toArray().size(), 200);
      for (int d = 0; d < 200; ++d) {
        QCOMPARE(fairness[c].toArray()[d].toDouble(), rows[d][7]);
        QCOMPARE(stats["lp"].toArray()[c].toArray()[d].toDouble(), rows[d][0]);
        QCOMPARE(stats["tree_depth"].toArray()[c].toArray()[d].toDouble(), rows[d][3]);
        QCOMPARE(stats["diverging"].toArray()[c].toArray()[d].toBool(), rows[d][5] != 0.0);
      }
    }
    QCOMPARE(doc["observed_data"].toObject()["data"].toArray().size(), 10);

    const auto models = kiln::test::run_kiln({"models", "list", "--project", project});
    QCOMPARE(models.status, 0);
    QVERIFY2(QRegularExpression("\\ncoin_flip +1 +1 ").match(models.out).hasMatch(),
             qPrintable(models.out));
    const auto model =
        kiln::test::run_kiln({"models", "show", "coin_flip", "--source", "--project", project});
    QCOMPARE(model.status, 0);
    QVERIFY(model.out.contains("1 version"));
    QVERIFY(model.out.contains(QString::fromUtf8(bytes_of(kCoin))));

    // Deleting it: gone from the list; a second delete names the missing run.
    QCOMPARE(kiln::test::run_kiln({"runs", "delete", "1", "--project", project}).status, 0);
    QVERIFY(kiln::test::run_kiln({"runs", "list", "--project", project}).out.contains("no runs"));
    const auto again = kiln::test::run_kiln({"runs", "delete", "1", "--project", project});
    QCOMPARE(again.status, 1);
    QVERIFY(again.err.contains("has no run 1"));
  }

  void runsGoToTheDefaultProject() {
    QTemporaryDir data_home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("XDG_DATA_HOME", data_home.path());
    const QStringList args{"run", kCoin,      "--data", kCoinData, "--chains",
                           "1",   "--warmup", "20",     "--draws", "20"};
    const auto r = kiln::test::run_kiln(args, 120000, env);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const QString path = data_home.path() + "/kiln/default.kiln";
    QVERIFY(r.out.contains("run 1 stored in " + path));
    QVERIFY(QFile::exists(path));
    QCOMPARE(kiln::test::run_kiln(args, 120000, env).status, 0);
    const auto list = kiln::test::run_kiln({"runs", "list"}, 120000, env);
    QVERIFY2(list.out.contains("\n2 "), qPrintable(list.out));
  }

  void sviRunShowsItsLossCurve() {
    const QString project = dir_.filePath("svi.kiln");
    {
      kiln::store::RunStart start;
      start.model_name = "coin_flip";
      start.model_source = "def model():\n    pass\n";
      start.algorithm = "svi";
      kiln::store::RunWriter writer(project.toStdString(), start);
      // A loss falling from 100 to 1: the sparkline starts full and ends at the bottom.
      for (int step = 0; step < 500; ++step)
        writer.add_metric(step, "loss", 100.0 - 99.0 * step / 499.0);
      writer.finish(kiln::store::RunStatus::Completed);
    }
    const auto r = kiln::test::run_kiln({"runs", "show", "1", "--project", project});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("loss (500 steps, 100 -> 1)"), qPrintable(r.out));
    const QStringList lines = r.out.split('\n');
    const int at = lines.indexOf(QRegularExpression("^loss .*"));
    QVERIFY(at >= 0 && at + 1 < lines.size());
    const QString line = lines[at + 1];
    QCOMPARE(line.size(), 60);
    QVERIFY(line.startsWith(QString::fromUtf8("█")));
    QVERIFY(line.endsWith(QString::fromUtf8("▁")));
    QVERIFY(!r.out.contains("no draws to summarize"));
  }

  void datasetsImport() {
    const QString project = dir_.filePath("data.kiln");
    auto r = kiln::test::run_kiln({"datasets", "import", kCoinData, "--project", project});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("dataset 1 (coin_flip.json)"));
    // The same content again is the same dataset.
    r = kiln::test::run_kiln({"datasets", "import", kCoinData, "--project", project});
    QVERIFY(r.out.contains("dataset 1 (coin_flip.json)"));
    r = kiln::test::run_kiln({"datasets", "list", "--project", project});
    QVERIFY2(QRegularExpression("\\n1 +coin_flip.json +json +").match(r.out).hasMatch(),
             qPrintable(r.out));

    const QString bad = dir_.filePath("bad.json");
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"x\": [1, 2,");
    f.close();
    const QByteArray before = bytes_of(project);
    r = kiln::test::run_kiln({"datasets", "import", bad, "--project", project});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains("bad.json"), qPrintable(r.err));
    QCOMPARE(bytes_of(project), before);
  }

  void mistakesAndForeignFiles() {
    const QString text = dir_.filePath("notes.kiln");
    QFile f(text);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("notes\n");
    f.close();
    for (const QStringList& args : {QStringList{"runs", "list", "--project", text}, coin(text),
                                    QStringList{"export", "1", "--format", "json", "--out",
                                                dir_.filePath("x"), "--project", text}}) {
      const auto r = kiln::test::run_kiln(args);
      QCOMPARE(r.status, 1);
      QVERIFY2(r.err.contains("is not a Kiln project"), qPrintable(r.err));
    }
    QCOMPARE(bytes_of(text), QByteArray("notes\n"));

    const QString project = dir_.filePath("empty.kiln");
    QCOMPARE(kiln::test::run_kiln({"datasets", "import", kCoinData, "--project", project}).status,
             0);
    auto r = kiln::test::run_kiln({"runs", "show", "7", "--project", project});
    QCOMPARE(r.status, 1);
    QVERIFY(r.err.contains("has no run 7"));
    r = kiln::test::run_kiln({"runs", "show", "seven", "--project", project});
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains("RUN must be a run number"));
    r = kiln::test::run_kiln({"runs"});
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains("name one of: list, show, delete"));
    r = kiln::test::run_kiln({"export", "1", "--out", dir_.filePath("x"), "--project", project});
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains("--format is required"));
    r = kiln::test::run_kiln({"runs", "show", "--help"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains("usage: kiln runs show RUN"));
    QVERIFY(r.out.contains("--project FILE"));
  }

private:
  QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(StoreCliTest)
#include "store_cli_test.moc"
