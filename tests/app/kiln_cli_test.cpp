// The `kiln` command line, run as a user runs it.
#include <QProcess>
#include <QtTest/QtTest>

namespace {

struct Result {
  int status;
  QString out, err;
};

Result kiln(const QStringList& args) {
  QProcess p;
  p.start(QStringLiteral(KILN_BINARY_DIR "/app/kiln/kiln"), args);
  if (!p.waitForFinished(120000))
    return {-1, {}, QStringLiteral("timed out")};
  return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
          QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class KilnCliTest : public QObject {
  Q_OBJECT
private slots:
  void distDescribesMomentsOfDraws() {
    auto r = kiln({"dist", "Normal", "loc=[0,3]", "scale=2", "--samples", "4000"});
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
    auto a = kiln({"dist", "Normal", "loc=0", "scale=1", "--seed", "5"});
    auto b = kiln({"dist", "Normal", "loc=0", "scale=1", "--seed", "5"});
    QCOMPARE(a.out, b.out);
  }

  void badParameterGivesMessageAndStatus() {
    auto r = kiln({"dist", "Normal", "loc=0", "scale=[1,2,-1]"});
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
      auto r = kiln(args);
      QVERIFY2(r.status == 1 || r.status == 2, qPrintable(args.join(' ') + ": " + r.err));
      QVERIFY2(!r.err.isEmpty(), qPrintable(args.join(' ')));
    }
  }

  void emptyShapesAreDescribedNotCrashed() {
    auto r = kiln({"dist", "Normal", "loc=[]", "scale=1"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains("no elements"));
  }

  void familiesListsPyroSignatures() {
    auto r = kiln({"families"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains("Normal(loc, scale)\n"));
  }
};

QTEST_GUILESS_MAIN(KilnCliTest)
#include "kiln_cli_test.moc"
