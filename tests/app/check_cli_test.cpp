// `kiln check`, run as a user runs it: exit statuses, caret output, the trial run with --data
// (runtime errors at the model's line, the shapes table for shape errors), and data errors.
#include <QtTest/QtTest>

#include "tests/support/kiln_process.h"
#include "tests/support/lang_files.h"

namespace {

const char* kSchools = R"(import torch
import pyro
import pyro.distributions as dist


def model(J, y, sigma):
    mu = pyro.sample("mu", dist.Normal(0., 5.))
    tau = pyro.sample("tau", dist.HalfCauchy(5.))
    with pyro.plate("schools", J):
        theta = pyro.sample("theta", dist.Normal(mu, tau))
        pyro.sample("obs", dist.Normal(theta, sigma), obs=y)
)";

} // namespace

class CheckCliTest : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void soundModelExitsZeroQuietly() {
    const QString model = write("schools.py", kSchools);
    const QString data =
        write("schools.json", R"({"J": 3, "y": [28.0, 8.0, -3.0], "sigma": [15.0, 10.0, 16.0]})");
    auto r = kiln::test::run_kiln({"check", model, "--data", data});
    QCOMPARE(r.status, 0);
    QCOMPARE(r.err, QString());
    QCOMPARE(r.out, model + ": ok\n");
  }

  void everyGoodProgramAndExamplePasses() {
    QStringList files = kiln::test::lang_files("good");
    QDir examples(QStringLiteral(KILN_SOURCE_DIR "/examples"));
    for (const QString& name : examples.entryList({"*.py"}, QDir::Files))
      files << examples.filePath(name);
    for (const QString& path : files) {
      auto r = kiln::test::run_kiln({"check", path});
      QVERIFY2(r.status == 0 && r.err.isEmpty(), qPrintable(path + ":\n" + r.err));
    }
  }

  void checkerErrorsExitOneWithCarets() {
    const QString model = write("typo.py", "import pyro.distributions as dist\n"
                                           "\n"
                                           "def model(sigma):\n"
                                           "    return dist.Normal(0., sd=sigma)\n");
    auto r = kiln::test::run_kiln({"check", model});
    QCOMPARE(r.status, 1);
    QCOMPARE(r.out, QString());
    QCOMPARE(r.err, "error: " + model +
                        ":4:28: Normal() has no parameter 'sd'; its parameters are loc, "
                        "scale\n"
                        " 4 |     return dist.Normal(0., sd=sigma)\n"
                        "   |                            ^~~~~~~~\n" +
                        "error: " + model +
                        ":4:12: Normal() missing required argument 'scale'\n"
                        " 4 |     return dist.Normal(0., sd=sigma)\n"
                        "   |            ^~~~~~~~~~~~~~~~~~~~~~~~~\n");
  }

  void warningsAloneExitZero() {
    const QString model = write("warn.py", "import pyro\n"
                                           "import pyro.distributions as dist\n"
                                           "\n"
                                           "def model(y):\n"
                                           "    pyro.sample(\"obs\", dist.Normal(0., 1.), y)\n");
    auto r = kiln::test::run_kiln({"check", model});
    QCOMPARE(r.status, 0);
    QCOMPARE(r.out, model + ": ok, 1 warning\n");
    QVERIFY2(r.err.startsWith("warning: " + model +
                              ":5:45: pyro.sample() does not take an observation by position"),
             qPrintable(r.err));
    QVERIFY(r.err.contains("  suggestion: pass it as obs=...\n"));
  }

  // A shape error in a helper: reported at the helper's line, with the traceback and the table.
  void runtimeShapeErrorShowsTheShapesTable() {
    const QString model = write("shapes.py", "import torch\n"
                                             "import pyro\n"
                                             "import pyro.distributions as dist\n"
                                             "\n"
                                             "def likelihood(mu, y):\n"
                                             "    with pyro.plate(\"data\", 3):\n"
                                             "        pyro.sample(\"obs\", dist.Normal(mu, 1.), "
                                             "obs=y)\n"
                                             "\n"
                                             "def model(y):\n"
                                             "    mu = pyro.sample(\"mu\", dist.Normal("
                                             "torch.zeros(2), 1.).to_event(1))\n"
                                             "    likelihood(mu, y)\n");
    const QString data = write("y3.json", R"({"y": [1.0, 2.0, 3.0]})");
    auto r = kiln::test::run_kiln({"check", model, "--data", data});
    QCOMPARE(r.status, 1);
    QCOMPARE(r.out, QString());
    QVERIFY2(r.err.startsWith("error: " + model + ":7:9: shape mismatch inside plate 'data'"),
             qPrintable(r.err));
    QVERIFY(r.err.contains(" 7 |         pyro.sample(\"obs\", dist.Normal(mu, 1.), obs=y)\n"
                           "   |         ^~~~"));
    QVERIFY(r.err.contains("Traceback (most recent call last):\n"));
    QVERIFY(r.err.contains("line 11, in model\n    likelihood(mu, y)\n"));
    QVERIFY(r.err.contains("line 7, in likelihood\n"));
    QVERIFY2(r.err.contains("Trace Shapes:\n"), qPrintable(r.err));
    QVERIFY(r.err.contains("      mu dist   | 2\n"));
  }

  void distributionArgumentErrorNamesFamilyAndParameter() {
    const QString model = write("negative.py", "import pyro\n"
                                               "import pyro.distributions as dist\n"
                                               "\n"
                                               "def model(x):\n"
                                               "    s = pyro.sample(\"s\",\n"
                                               "                    dist.Normal(x, -1.))\n");
    const QString data = write("x.json", R"({"x": 0.5})");
    auto r = kiln::test::run_kiln({"check", model, "--data", data});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.startsWith("error: " + model +
                              ":6:21: Normal: scale is -1, but must be positive\n"
                              " 6 |                     dist.Normal(x, -1.))\n"),
             qPrintable(r.err));
    QVERIFY(!r.err.contains("Trace Shapes:")); // not a shape error
  }

  void dataErrorsExitOne() {
    const QString model = write("schools2.py", kSchools);
    auto missing = kiln::test::run_kiln({"check", model, "--data", write("j.json", R"({"J": 3})")});
    QCOMPARE(missing.status, 1);
    QVERIFY2(missing.err.contains("model() needs 'y'"), qPrintable(missing.err));

    auto malformed = kiln::test::run_kiln({"check", model, "--data", write("bad.json", "{")});
    QCOMPARE(malformed.status, 1);
    QVERIFY2(malformed.err.contains("not valid JSON"), qPrintable(malformed.err));

    auto absent = kiln::test::run_kiln({"check", model, "--data", dir_.filePath("none.json")});
    QCOMPARE(absent.status, 1);
    QVERIFY(absent.err.startsWith("error: "));

    // Data of the wrong kind fails in the trial run, at the model's line.
    auto strings = kiln::test::run_kiln(
        {"check", model, "--data",
         write("s.json", R"({"J": 3, "y": "high", "sigma": [15.0, 10.0, 16.0]})")});
    QCOMPARE(strings.status, 1);
    QVERIFY2(strings.err.startsWith("error: " + model + ":11:"), qPrintable(strings.err));
  }

  void modelOptionPicksTheFunction() {
    const QString model = write("two.py", "import pyro\n"
                                          "import pyro.distributions as dist\n"
                                          "\n"
                                          "def model():\n"
                                          "    pyro.sample(\"a\", dist.Normal(0., 1.))\n"
                                          "\n"
                                          "def broken():\n"
                                          "    pyro.sample(\"b\", dist.Normal(0., -2.))\n");
    const QString empty = write("empty.json", "{}");
    QCOMPARE(kiln::test::run_kiln({"check", model, "--data", empty}).status, 0);
    auto r = kiln::test::run_kiln({"check", model, "--data", empty, "--model", "broken"});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(":8:"), qPrintable(r.err));
    auto typo = kiln::test::run_kiln({"check", model, "--model", "brokn"});
    QCOMPARE(typo.status, 1);
    QVERIFY2(typo.err.contains("did you mean 'broken'?"), qPrintable(typo.err));
  }

private:
  QString write(const QString& name, const QByteArray& text) {
    const QString path = dir_.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
      f.write(text);
    return path;
  }

  QTemporaryDir dir_;
};

QTEST_APPLESS_MAIN(CheckCliTest)
#include "check_cli_test.moc"
