// The `kiln` command line, run as a user runs it.
#include <QtTest/QtTest>

#include "tests/support/kiln_process.h"

namespace {

kiln::test::KilnResult run(const QStringList& args) {
  return kiln::test::run_kiln(args);
}

} // namespace

class KilnCliTest : public QObject {
  Q_OBJECT
private slots:
  void distDescribesMomentsOfDraws() {
    auto r = run({"dist", "Normal", "loc=[0,3]", "scale=2", "--samples", "4000"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains("Normal(loc: (2,), scale: (2,))"));
    QVERIFY(r.out.contains("batch shape (2,), event shape (), support real, reparameterized"));
    // The exact mean 3 of element [1] is printed next to the draws' mean.
    auto line = r.out.split('\n').filter(QRegularExpression("^\\s+\\[1\\]")).value(0);
    auto cells = line.split(' ', Qt::SkipEmptyParts);
    QCOMPARE(cells.value(1), QString("3"));
    QVERIFY(std::abs(cells.value(2).toDouble() - 3.0) < 4.5 * 2 / std::sqrt(4000.0));
  }

  void sameSeedSameOutput() {
    auto a = run({"dist", "Normal", "loc=0", "scale=1", "--seed", "5"});
    auto b = run({"dist", "Normal", "loc=0", "scale=1", "--seed", "5"});
    QCOMPARE(a.out, b.out);
  }

  void badParameterGivesMessageAndStatus() {
    auto r = run({"dist", "Normal", "loc=0", "scale=[1,2,-1]"});
    QCOMPARE(r.status, 1);
    QCOMPARE(r.err.trimmed(), QString("error: Normal: scale[2] is -1, but must be positive"));
  }

  void badInputNeverCrashes() {
    for (const QStringList& args :
         {QStringList{"dist", "Nope"}, QStringList{"dist", "Normal", "loc"},
          QStringList{"dist", "Normal", "loc=[1,[2]]", "scale=1"},
          QStringList{"dist", "Normal", "loc=0", "sd=1"}, QStringList{"dist"},
          QStringList{"dist", "Normal", "loc=[[1,2],[3]]", "scale=1"},
          QStringList{"dist", "Normal", "loc=[1,2]", "scale=[1,2,3]"},
          QStringList{"dist", "Normal", "loc=0", "scale=1", "--samples", "x"},
          QStringList{"frobnicate"}}) {
      auto r = run(args);
      QVERIFY2(r.status == 1 || r.status == 2, qPrintable(args.join(' ') + ": " + r.err));
      QVERIFY2(!r.err.isEmpty(), qPrintable(args.join(' ')));
    }
  }

  void commandOptionsAreCheckedWithHelp() {
    auto help = run({"check", "--help"});
    QCOMPARE(help.status, 0);
    QVERIFY(help.out.startsWith("usage: kiln check MODEL.py [options]\n"));
    QVERIFY(help.out.contains("  --data FILE "));
    auto typo = run({"check", "model.py", "--dat", "d.json"});
    QCOMPARE(typo.status, 2);
    QVERIFY(typo.err.startsWith("kiln check: unknown option '--dat'; did you mean '--data'?\n"));
    auto missing = run({"check"});
    QCOMPARE(missing.status, 2);
    QVERIFY(missing.err.startsWith("kiln check: missing MODEL.py\n"));
    QVERIFY(run({"--help"}).out.contains("  check MODEL.py "));
  }

  void checkReportsSyntaxErrorsWithACaret() {
    const QString path = QDir::temp().filePath("kiln_cli_check_bad.py");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("import pyro\n\ndef model(:\n    pass\n");
    f.close();
    auto r = run({"check", path});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(path + ":3:11: expected a parameter name\n 3 | def model(:\n"),
             qPrintable(r.err));
    auto good = run({"check", KILN_SOURCE_DIR "/examples/eight_schools_noncentered.py"});
    QCOMPARE(good.status, 0);
    QCOMPARE(good.err, QString());
    QFile::remove(path);
  }

  void emptyShapesAreDescribedNotCrashed() {
    auto r = run({"dist", "Normal", "loc=[]", "scale=1"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains("no elements"));
  }

  void familiesListsPyroSignatures() {
    auto r = run({"families"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains("Normal(loc, scale)\n"));
  }
};

QTEST_GUILESS_MAIN(KilnCliTest)
#include "kiln_cli_test.moc"
