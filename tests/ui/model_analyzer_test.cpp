#include <QtTest/QtTest>

#include <QElapsedTimer>

#include "ui/document/dataset_values.h"
#include "ui/model/model_analyzer.h"

using kiln::ui::ModelAnalysis;
using kiln::ui::ModelAnalyzer;

namespace {

const QString kValid = "import pyro\n"
                       "import pyro.distributions as dist\n"
                       "\n"
                       "def model():\n"
                       "    mu = pyro.sample(\"mu\", dist.Normal(0., 1.))\n"
                       "    pyro.sample(\"x\", dist.Normal(mu, 1.), obs=1.5)\n";

// The same model with an undefined name on line 6.
QString withError() {
  QString text = kValid;
  return text.replace("Normal(mu, 1.)", "Normal(muu, 1.)");
}

ModelAnalysis lastAnalysis(const QSignalSpy& spy) {
  return spy.last().at(0).value<ModelAnalysis>();
}

} // namespace

class ModelAnalyzerTest : public QObject {
  Q_OBJECT
private slots:
  void valid_code_has_a_graph_and_no_errors() {
    ModelAnalyzer analyzer;
    QSignalSpy spy(&analyzer, &ModelAnalyzer::analyzed);
    analyzer.setModel("normal", kValid);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 5000);
    const ModelAnalysis a = lastAnalysis(spy);
    QCOMPARE(a.text, kValid);
    QVERIFY(!a.hasErrors());
    QVERIFY(a.graph);
    QVERIFY(a.graph->node("mu"));
    QCOMPARE(a.graph->node("x")->kind, kiln::lang::NodeKind::observed);
  }

  void an_error_appears_after_typing_pauses_and_goes_when_fixed() {
    ModelAnalyzer analyzer;
    QSignalSpy spy(&analyzer, &ModelAnalyzer::analyzed);
    analyzer.setModel("normal", kValid);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 5000);

    QElapsedTimer clock;
    clock.start();
    analyzer.setText(withError());
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 2000); // ~1 s, with slack for a loaded machine
    QVERIFY(clock.elapsed() >= ModelAnalyzer::kDebounceMs);
    ModelAnalysis a = lastAnalysis(spy);
    QVERIFY(a.hasErrors());
    QCOMPARE(a.diagnostics.front().span.line, 6u);
    QVERIFY2(QString::fromStdString(a.diagnostics.front().message).contains("muu"),
             a.diagnostics.front().message.c_str());
    QVERIFY(!a.graph); // no graph while the code has errors

    analyzer.setText(kValid);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 3, 2000);
    a = lastAnalysis(spy);
    QVERIFY(!a.hasErrors());
    QVERIFY(a.graph);
  }

  void typing_in_a_burst_is_analyzed_once_for_the_last_text() {
    ModelAnalyzer analyzer;
    QSignalSpy spy(&analyzer, &ModelAnalyzer::analyzed);
    QString text;
    analyzer.setModel("burst", text);
    for (const QChar c : kValid) {
      text += c;
      analyzer.setText(text);
    }
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 5000);
    QTest::qWait(ModelAnalyzer::kDebounceMs + 200);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(lastAnalysis(spy).text, kValid);
  }

  void a_result_for_text_changed_since_is_dropped() {
    ModelAnalyzer analyzer;
    QSignalSpy spy(&analyzer, &ModelAnalyzer::analyzed);
    analyzer.setModel("stale", withError());
    analyzer.analyzeNow();    // under way on the worker...
    analyzer.setText(kValid); // ...when the text changes
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1, 5000);
    QTest::qWait(ModelAnalyzer::kDebounceMs + 200);
    for (const auto& emitted : spy)
      QCOMPARE(emitted.at(0).value<ModelAnalysis>().text, kValid);
    QVERIFY(!analyzer.latest().hasErrors());
  }

  void data_that_does_not_fit_the_model_is_an_error() {
    const QString model = "import pyro\n"
                          "import pyro.distributions as dist\n"
                          "\n"
                          "def model(y, s):\n"
                          "    with pyro.plate(\"n\", 3):\n"
                          "        mu = pyro.sample(\"mu\", dist.Normal(0., 1.))\n"
                          "        pyro.sample(\"y\", dist.Normal(mu, s), obs=y)\n";
    ModelAnalyzer analyzer;
    QSignalSpy spy(&analyzer, &ModelAnalyzer::analyzed);
    analyzer.setData(std::make_shared<const kiln::lang::DataMap>(
        kiln::ui::dataset_values("json", R"({"y": [1.0, 2.0, 3.0], "s": 1.0})", "fits.json")));
    analyzer.setModel("plate", model);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 5000);
    QVERIFY(!lastAnalysis(spy).hasErrors());
    QVERIFY(lastAnalysis(spy).graph);

    analyzer.setData(std::make_shared<const kiln::lang::DataMap>(
        kiln::ui::dataset_values("json", R"({"y": [1.0, 2.0, 3.0], "s": -1.0})", "negative.json")));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 5000);
    const ModelAnalysis a = lastAnalysis(spy);
    QVERIFY(a.hasErrors());
    QCOMPARE(a.diagnostics.back().span.line, 7u); // the observed site's line
    QVERIFY2(QString::fromStdString(a.diagnostics.back().message).contains("scale is -1"),
             a.diagnostics.back().message.c_str());
    QVERIFY(!a.graph);

    analyzer.setData(std::make_shared<const kiln::lang::DataMap>(
        kiln::ui::dataset_values("json", R"({"y": [1.0, 2.0, 3.0]})", "missing.json")));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 3, 5000);
    QVERIFY2(QString::fromStdString(lastAnalysis(spy).diagnostics.back().message).contains("'s'"),
             lastAnalysis(spy).diagnostics.back().message.c_str());
  }

  void no_model_is_no_diagnostics() {
    ModelAnalyzer analyzer;
    QSignalSpy spy(&analyzer, &ModelAnalyzer::analyzed);
    analyzer.setModel("", "");
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 5000);
    QVERIFY(lastAnalysis(spy).diagnostics.empty());
  }
};

QTEST_MAIN(ModelAnalyzerTest)
#include "model_analyzer_test.moc"
