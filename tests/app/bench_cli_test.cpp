// `kiln bench`, run as a user runs it: the mistakes it must refuse before running anything (the
// workloads themselves take minutes and are run by hand; results in docs/benchmarks.md).
#include <QtTest/QtTest>

#include "tests/support/kiln_process.h"

class BenchCliTest : public QObject {
  Q_OBJECT
private slots:
  void unknownWorkloadIsAUsageError() {
    auto r = kiln::test::run_kiln({"bench", "--only", "M1,M9"});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains("--only names 'M9', but the workloads are M1, M2"), qPrintable(r.err));
    QCOMPARE(r.out, QString());
  }

  void missingDataDirectoryNamesTheFile() {
    QTemporaryDir empty;
    QVERIFY(empty.isValid());
    auto r = kiln::test::run_kiln({"bench", "--only", "M2", "--json", "--data-dir", empty.path()});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains("M2 needs the benchmark data file " + empty.path() + "/logistic.json"),
             qPrintable(r.err));
    QCOMPARE(r.out, QString());
  }

  void helpListsTheOptions() {
    auto r = kiln::test::run_kiln({"bench", "--help"});
    QCOMPARE(r.status, 0);
    for (const char* option : {"--only", "--json", "--data-dir"})
      QVERIFY2(r.out.contains(option), option);
  }
};

QTEST_GUILESS_MAIN(BenchCliTest)
#include "bench_cli_test.moc"
