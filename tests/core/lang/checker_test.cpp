// The checker: golden diagnostics of tests/lang/check (KILN_ACCEPT=1 re-accepts them), none on
// the good programs and examples, Python's scoping rules one by one, and the trial run that
// reports runtime errors at the model's line.

#include <QtTest/QtTest>

#include <ATen/ATen.h>

#include "core/dist/registry.h"
#include "core/lang/checker.h"
#include "core/lang/model_file.h"
#include "core/lang/parser.h"
#include "core/lang/trial_run.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"
#include "tests/support/golden.h"
#include "tests/support/lang_files.h"

using namespace kiln;
using namespace kiln::lang;

namespace {

// The checker's diagnostics of a program that parses, formatted.
std::string check_text(const std::string& text, const std::string& name = "t.py") {
  Source source(name, text);
  DiagnosticSink sink;
  ParseResult parsed = parse(source, sink);
  if (!parsed.ok)
    return "parse error:\n" + format_diagnostics(sink, source);
  check_module(parsed.module, source, sink);
  return format_diagnostics(sink, source);
}

std::vector<Diagnostic> check_items(const std::string& text) {
  Source source("t.py", text);
  DiagnosticSink sink;
  ParseResult parsed = parse(source, sink);
  check_module(parsed.module, source, sink);
  return sink.items();
}

QString path_name(const QString& path) {
  return QFileInfo(path).fileName();
}

QStringList examples() {
  QDir dir(QStringLiteral(KILN_SOURCE_DIR "/examples"));
  QStringList paths;
  for (const QString& name : dir.entryList({"*.py"}, QDir::Files, QDir::Name))
    paths << dir.filePath(name);
  return paths;
}

// A model file with its data bound, run once by trial_run.
std::optional<Diagnostic> trial(const std::string& text, const DataMap& data = {}) {
  DiagnosticSink sink;
  ModelFile file(Source("m.py", text), sink);
  if (!file.ok())
    qFatal("%s", format_diagnostics(sink, file.source()).c_str());
  return trial_run(file.source(), file.bind(data, "data.json"));
}

} // namespace

class CheckerTest : public QObject {
  Q_OBJECT
private slots:
  void init() { test::reset(1); }

  void checkFilesGiveTheExpectedDiagnostics_data() {
    QTest::addColumn<QString>("path");
    QStringList files = test::lang_files("check");
    QVERIFY(files.size() >= 6);
    for (const QString& path : files)
      QTest::newRow(qPrintable(path_name(path))) << path;
  }

  // Golden files: the checker's diagnostics of each file, exactly.
  void checkFilesGiveTheExpectedDiagnostics() {
    QFETCH(QString, path);
    std::string actual = check_text(test::read_file(path), path_name(path).toStdString());
    QVERIFY2(actual.rfind("parse error", 0) != 0, actual.c_str());
    test::compare_golden(actual, test::expected_path(path));
  }

  // The whole of ModelFile (checker and module body) on every good program and example.
  void goodProgramsAndExamplesHaveNoDiagnostics() {
    QStringList files = test::lang_files("good") + examples();
    QVERIFY(files.size() >= 8);
    for (const QString& path : files) {
      DiagnosticSink sink;
      ModelFile file(Source(path_name(path).toStdString(), test::read_file(path)), sink);
      QVERIFY2(sink.items().empty(),
               qPrintable(path + ":\n" +
                          QString::fromStdString(format_diagnostics(sink, file.source()))));
      QVERIFY(file.ok());
    }
  }

  void namesFollowPythonScoping() {
    // A name assigned anywhere in a function is its local; closures see enclosing functions.
    QCOMPARE(check_text("def f():\n"
                        "    def g():\n"
                        "        return later + y\n"
                        "    later = 1\n"
                        "    return g\n"
                        "y = 2\n"),
             std::string());
    // A sibling function's locals are not visible.
    QVERIFY(check_text("def f():\n    a = 1\n\ndef g():\n    return a\n")
                .find("name 'a' is not defined") != std::string::npos);
    // Comprehension variables stay inside; the first iterable is read outside.
    QVERIFY(check_text("def f():\n    v = [i for i in range(3)]\n    return i\n").find("5:12") ==
            std::string::npos);
    QVERIFY(check_text("def f():\n    v = [i for i in range(3)]\n    return i\n")
                .find("name 'i' is not defined") != std::string::npos);
    QVERIFY(check_text("def f():\n    return [x for x in x]\n").find("name 'x' is not defined") !=
            std::string::npos);
    QCOMPARE(check_text("x = [1]\ndef f():\n    return [x for x in x]\n"), std::string());
    QCOMPARE(check_text("def f(n):\n    return [(i, j) for i in range(n) for j in range(i)]\n"),
             std::string());
    // Lambda parameters; defaults are read where the def or lambda is.
    QCOMPARE(check_text("h = lambda a, b=1: a + b\n"), std::string());
    QVERIFY(check_text("def f(a=b):\n    b = 1\n    return a\n").find("name 'b' is not defined") !=
            std::string::npos);
    // for, with and tuple targets bind; builtins resolve.
    QCOMPARE(check_text("def f(xs):\n"
                        "    for i, (a, b) in enumerate(xs):\n"
                        "        pass\n"
                        "    return i + a + b + len(xs)\n"),
             std::string());
  }

  void diagnosticsPointAtTheNameWithASuggestion() {
    auto items = check_items("import pyro.distributions as dist\n"
                             "def model(sigma):\n"
                             "    return dist.Normall(0., sigam)\n");
    QCOMPARE(items.size(), size_t(2));
    QCOMPARE(items[0].message,
             std::string("module 'pyro.distributions' has no attribute 'Normall'"));
    QCOMPARE(items[0].suggestion, std::string("did you mean 'Normal'?"));
    QCOMPARE(items[0].span.line, 3u);
    QCOMPARE(items[0].span.col, 17u);
    QCOMPARE(items[1].message, std::string("name 'sigam' is not defined"));
    QCOMPARE(items[1].suggestion, std::string("did you mean 'sigma'?"));
    QCOMPARE(items[1].span.col, 29u);
    QCOMPARE(items[1].span.end_col, 34u);
  }

  void distributionCallsFollowTheRegistry() {
    auto items = check_items("import pyro.distributions as dist\n"
                             "d = dist.Normal(0., sd=1.)\n");
    QCOMPARE(items.size(), size_t(2));
    QCOMPARE(items[0].message,
             std::string("Normal() has no parameter 'sd'; its parameters are loc, scale"));
    QCOMPARE(items[1].message, std::string("Normal() missing required argument 'scale'"));
    // Every family accepts its required arguments by keyword, one of each alternative, and
    // validate_args; nothing else is reported.
    for (const std::string& family : dist::family_names()) {
      const dist::FamilyInfo& info = *dist::find_family(family);
      std::string call = "import pyro.distributions as dist\nd = dist." + family + "(";
      for (const std::string& arg : info.arg_names) {
        bool alternative = false, first = false;
        for (const auto& group : info.alternatives)
          for (size_t i = 0; i < group.size(); ++i)
            if (group[i] == arg) {
              alternative = true;
              first = i == 0;
            }
        if (!alternative || first)
          call += arg + "=0, ";
      }
      call += "validate_args=False)\n";
      QVERIFY2(check_items(call).empty(), call.c_str());
    }
  }

  // The registry's signature data names only arguments the family has.
  void registrySignaturesAreConsistent() {
    for (const std::string& family : dist::family_names()) {
      const dist::FamilyInfo& info = *dist::find_family(family);
      auto has = [&](const std::string& a) {
        return std::find(info.arg_names.begin(), info.arg_names.end(), a) != info.arg_names.end();
      };
      for (const auto& a : info.optional_args)
        QVERIFY2(has(a), qPrintable(QString::fromStdString(family + ": " + a)));
      for (const auto& group : info.alternatives) {
        QVERIFY(group.size() >= 2);
        for (const auto& a : group)
          QVERIFY2(has(a), qPrintable(QString::fromStdString(family + ": " + a)));
      }
      if (has("logits"))
        QVERIFY2(!info.alternatives.empty(), family.c_str());
    }
  }

  void siteWarningsRespectBranchesAndLoops() {
    const char* clean = "import pyro\n"
                        "import pyro.distributions as dist\n"
                        "def model(flag, n):\n"
                        "    if flag:\n"
                        "        x = pyro.sample('x', dist.Normal(0., 1.))\n"
                        "    elif n:\n"
                        "        x = pyro.sample('x', dist.Normal(1., 1.))\n"
                        "    else:\n"
                        "        x = pyro.sample('x', dist.Normal(2., 1.))\n"
                        "    for i in range(n):\n"
                        "        pyro.sample('y', dist.Normal(x, 1.))\n"
                        "    pyro.sample('y', dist.Normal(x, 1.))\n"
                        "    with pyro.poutine.block():\n"
                        "        pyro.sample('z', dist.Normal(x, 1.))\n"
                        "    pyro.sample('z', dist.Normal(x, 1.))\n"
                        "def guide(flag, n):\n"
                        "    pyro.sample('x', dist.Normal(0., 1.))\n";
    QCOMPARE(check_text(clean), std::string());
    auto items = check_items("import pyro\n"
                             "import pyro.distributions as dist\n"
                             "def model(flag):\n"
                             "    if flag:\n"
                             "        pyro.sample('x', dist.Normal(0., 1.))\n"
                             "    pyro.sample('x', dist.Normal(0., 1.))\n");
    QCOMPARE(items.size(), size_t(1));
    QCOMPARE(items[0].severity, Severity::warning);
    QCOMPARE(items[0].span.line, 6u);
  }

  // Checker errors make ok() false and keep the module body from running; warnings do not.
  void modelFileRunsTheCheckerFirst() {
    DiagnosticSink sink;
    ModelFile bad(Source("m.py", "import torch\nx = torch.expp(1.)\ny = 1 / 0\n"), sink);
    QVERIFY(!bad.ok());
    QCOMPARE(sink.items().size(), size_t(1));
    QCOMPARE(sink.items()[0].message, std::string("module 'torch' has no attribute 'expp'"));

    DiagnosticSink sink2;
    ModelFile warned(Source("m.py", "import pyro\n"
                                    "def model():\n"
                                    "    pyro.plate('p', 2)\n"),
                     sink2);
    QVERIFY(warned.ok());
    QCOMPARE(sink2.items().size(), size_t(1));
    QCOMPARE(sink2.items()[0].severity, Severity::warning);
  }

  // A distribution's argument error names the family and the parameter, at the call's line
  // even inside a statement of several lines.
  void trialRunReportsDistributionArgumentsAtTheCall() {
    auto d = trial("import pyro\n"
                   "import pyro.distributions as dist\n"
                   "def model():\n"
                   "    mu = pyro.sample('mu', dist.Normal(0., 1.))\n"
                   "    s = pyro.sample('s',\n"
                   "                    dist.Normal(mu, -1.))\n");
    QVERIFY(d.has_value());
    QCOMPARE(d->severity, Severity::error);
    QCOMPARE(d->span.line, 6u);
    QCOMPARE(d->span.col, 21u);
    const std::string first_line = d->message.substr(0, d->message.find('\n'));
    QCOMPARE(first_line, std::string("Normal: scale is -1, but must be positive"));
    QVERIFY(d->message.find("File \"m.py\", line 6, in model") != std::string::npos);
    QVERIFY(d->message.find("Trace Shapes:") == std::string::npos); // not a shape error
  }

  void trialRunGivesShapeErrorsWithTheShapesTable() {
    DataMap data{{"y", Value(at::zeros({4}, at::kDouble))}};
    auto d = trial("import torch\n"
                   "import pyro\n"
                   "import pyro.distributions as dist\n"
                   "def likelihood(mu, y):\n"
                   "    with pyro.plate('data', 3):\n"
                   "        pyro.sample('obs', dist.Normal(mu, 1.), obs=y)\n"
                   "def model(y):\n"
                   "    mu = pyro.sample('mu', dist.Normal(torch.zeros(2), 1.).to_event(1))\n"
                   "    likelihood(mu, y)\n",
                   data);
    QVERIFY(d.has_value());
    QCOMPARE(d->span.line, 6u); // the innermost frame
    QVERIFY2(d->message.find("plate 'data'") != std::string::npos, d->message.c_str());
    QVERIFY(d->message.find("line 9, in model") != std::string::npos);
    QVERIFY(d->message.find("Trace Shapes:") != std::string::npos);
    QVERIFY(d->message.find("mu dist") != std::string::npos);
    const std::string formatted = format_diagnostic(*d, Source("m.py", ""));
    QVERIFY(formatted.rfind("error: m.py:6:9: ", 0) == 0);
  }

  void trialRunOfASoundModelIsQuiet() {
    DataMap data{{"y", Value(at::zeros({3}, at::kDouble))}};
    QVERIFY(!trial("import pyro\n"
                   "import pyro.distributions as dist\n"
                   "def model(y):\n"
                   "    with pyro.plate('data', 3):\n"
                   "        pyro.sample('obs', dist.Normal(0., 1.), obs=y)\n",
                   data)
                 .has_value());
  }

  // Through the interpreter alone, the same message and the call's line in the traceback.
  void interpreterNamesFamilyAndParameter() {
    DiagnosticSink sink;
    Program p(Source("m.py", "import pyro.distributions as dist\n"
                             "def f():\n"
                             "    return [1,\n"
                             "            dist.Normal(0., -1.)]\n"),
              sink);
    QVERIFY(p.ok());
    std::string message;
    try {
      p.call(p.global("f"), {});
    } catch (const DomainError& e) {
      message = e.what();
    }
    QVERIFY2(message.rfind("Normal: scale is -1, but must be positive", 0) == 0, message.c_str());
    QVERIFY2(message.find("line 4, in f") != std::string::npos, message.c_str());
    QCOMPARE(last_traceback().size(), size_t(1));
    QCOMPARE(last_traceback()[0].line, 4u);
  }
};

QTEST_APPLESS_MAIN(CheckerTest)
#include "checker_test.moc"
