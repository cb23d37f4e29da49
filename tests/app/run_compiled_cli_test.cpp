// `kiln run` and the compiled potential: which tier ran, in the output and the JSON, and
// --no-compile.
#include <QtTest/QtTest>

#include "tests/support/kiln_process.h"

namespace {

const QString kSchools = QStringLiteral(KILN_SOURCE_DIR "/examples/eight_schools_noncentered.py");
const QString kSchoolsData = QStringLiteral(KILN_SOURCE_DIR "/examples/eight_schools.json");
const QString kGmm = QStringLiteral(KILN_SOURCE_DIR "/examples/gmm.py");
const QString kGmmData = QStringLiteral(KILN_SOURCE_DIR "/examples/gmm.json");

QStringList short_run(const QString& model, const QString& data) {
  return {"run",      model, "--data",  data, "--chains", "1",
          "--warmup", "50",  "--draws", "50", "--json"};
}

QJsonObject parse(const QString& out) {
  QJsonParseError error;
  const QJsonObject json = QJsonDocument::fromJson(out.toUtf8(), &error).object();
  return error.error == QJsonParseError::NoError ? json : QJsonObject{};
}

} // namespace

class RunCompiledCliTest : public QObject {
  Q_OBJECT
private slots:
  void compiledWhereTheModelCompiles() {
    const auto r = kiln::test::run_kiln(short_run(kSchools, kSchoolsData));
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(parse(r.out)["potential"].toString(), QString("compiled"));
    QVERIFY2(r.err.contains("potential: compiled"), qPrintable(r.err));
  }

  void noCompileRunsTheInterpreter() {
    const auto r = kiln::test::run_kiln(short_run(kSchools, kSchoolsData) << "--no-compile");
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(parse(r.out)["potential"].toString(), QString("interpreted"));
    QVERIFY2(r.err.contains("potential: interpreted (--no-compile)"), qPrintable(r.err));
  }

  void refusedModelsSayWhy() {
    const auto r = kiln::test::run_kiln(short_run(kGmm, kGmmData));
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(parse(r.out)["potential"].toString(), QString("interpreted"));
    QVERIFY2(r.err.contains("potential: interpreted (compiled potential: the model enumerates"),
             qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(RunCompiledCliTest)
#include "run_compiled_cli_test.moc"
