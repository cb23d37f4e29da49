// `kiln graph`, run as a user runs it: JSON and DOT of a static graph, the traced fallback
// with its note, and the errors a user can cause.
#include <QtTest/QtTest>

#include <fstream>

#include "tests/support/kiln_process.h"

namespace {

using kiln::test::run_kiln;

const char* kEightSchools = KILN_SOURCE_DIR "/examples/eight_schools_noncentered.py";

QString write_temp(const QString& name, const std::string& text) {
  const QString path = QDir::temp().filePath(name);
  std::ofstream(path.toStdString()) << text;
  return path;
}

QString eight_schools_data() {
  return write_temp("kiln_graph_cli_eight_schools.json",
                    R"({"J": 8, "y": [28.0, 8, -3, 7, -1, 1, 18, 12],
                        "sigma": [15.0, 10, 16, 11, 9, 11, 10, 18]})");
}

// Sites named in a loop: only a traced run can give the graph.
QString dynamic_model() {
  return write_temp("kiln_graph_cli_dynamic.py", R"(import pyro
import pyro.distributions as dist


def model(y):
    mu = pyro.sample("mu", dist.Normal(0., 1.))
    for i in range(len(y)):
        pyro.sample("y_{}".format(i), dist.Normal(mu, 1.), obs=y[i])
)");
}

} // namespace

class GraphCliTest : public QObject {
  Q_OBJECT
private slots:
  void printsTheStaticGraphAsJson() {
    auto r = run_kiln({"graph", kEightSchools, "--data", eight_schools_data()});
    QCOMPARE(r.status, 0);
    QCOMPARE(r.err, QString());
    const QJsonObject g = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(g["format"].toString(), QString("kiln-model-graph"));
    QCOMPARE(g["origin"].toString(), QString("static"));
    QStringList names;
    for (const auto& n : g["nodes"].toArray())
      names << n.toObject()["name"].toString();
    QCOMPARE(names, (QStringList{"sigma", "mu", "tau", "theta_raw", "theta", "obs"}));
    const QJsonObject theta = g["nodes"].toArray()[4].toObject();
    QCOMPARE(theta["kind"].toString(), QString("deterministic"));
    QCOMPARE(theta["parents"].toArray(), (QJsonArray{"mu", "tau", "theta_raw"}));
    QCOMPARE(theta["span"].toObject()["line"].toInt(), 14);
    const QJsonObject schools = g["plates"].toArray()[0].toObject();
    QCOMPARE(schools["size"].toInt(), 8);
    QCOMPARE(schools["size_text"].toString(), QString("J"));
  }

  void printsDot() {
    auto r = run_kiln({"graph", kEightSchools, "--format", "dot"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.startsWith("digraph \"model\" {\n"));
    QVERIFY2(r.out.contains("subgraph cluster_0 {\n    label=\"schools (J)\";\n"),
             qPrintable(r.out));
    QVERIFY(r.out.contains("  \"tau\" -> \"theta\";\n"));
  }

  void fallsBackToATracedRunWithANote() {
    const QString model = dynamic_model();
    const QString data = write_temp("kiln_graph_cli_dynamic.json", R"({"y": [0.5, 1.5]})");
    auto r = run_kiln({"graph", model, "--data", data});
    QCOMPARE(r.status, 0);
    QCOMPARE(r.err, QString("note: model() is too dynamic for the static graph (line 8: the site "
                            "name \"y_{}\".format(i) is not a string literal); this graph is "
                            "from a traced run\n"));
    const QJsonObject g = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(g["origin"].toString(), QString("traced"));
    const QJsonArray nodes = g["nodes"].toArray();
    QCOMPARE(nodes.size(), 3);
    QCOMPARE(nodes[2].toObject()["name"].toString(), QString("y_1"));
    QCOMPARE(nodes[2].toObject()["kind"].toString(), QString("observed"));
    QCOMPARE(nodes[2].toObject()["parents"].toArray(), QJsonArray{"mu"});
    // Without data, the run cannot happen.
    auto missing = run_kiln({"graph", model});
    QCOMPARE(missing.status, 1);
    QVERIFY2(missing.err.endsWith("and its traced graph needs data for its arguments y\n"),
             qPrintable(missing.err));
  }

  void tracedOnRequest() {
    auto r = run_kiln({"graph", kEightSchools, "--data", eight_schools_data(), "--traced",
                       "--format", "json", "--seed", "3"});
    QCOMPARE(r.status, 0);
    QCOMPARE(r.err, QString());
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object()["origin"].toString(),
             QString("traced"));
  }

  void userMistakesAreMessages() {
    auto format = run_kiln({"graph", kEightSchools, "--format", "svg"});
    QCOMPARE(format.status, 2);
    auto function = run_kiln({"graph", kEightSchools, "--model", "modle"});
    QCOMPARE(function.status, 1);
    QVERIFY2(function.err.contains("did you mean 'model'?"), qPrintable(function.err));
    auto nofile = run_kiln({"graph", "/nonexistent/model.py"});
    QCOMPARE(nofile.status, 1);
    QVERIFY(nofile.err.startsWith("error: cannot read model file"));
    // A run that fails (the data does not fit the model) is the model's error, not a crash.
    const QString bad = write_temp("kiln_graph_cli_bad.json", R"({"y": "text"})");
    auto run = run_kiln({"graph", dynamic_model(), "--data", bad});
    QCOMPARE(run.status, 1);
    QVERIFY2(run.err.contains("error: "), qPrintable(run.err));
    auto help = run_kiln({"graph", "--help"});
    QCOMPARE(help.status, 0);
    QVERIFY(help.out.startsWith("usage: kiln graph MODEL.py [options]\n"));
    QVERIFY(run_kiln({"--help"}).out.contains("  graph MODEL.py "));
  }
};

QTEST_GUILESS_MAIN(GraphCliTest)
#include "graph_cli_test.moc"
