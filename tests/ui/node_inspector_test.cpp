#include <QtTest/QtTest>

#include <QLabel>

#include <nlohmann/json.hpp>

#include "tests/support/example_graph.h"
#include "ui/graph/node_inspector.h"
#include "ui/graph/shape_probe.h"

using namespace kiln;
using namespace kiln::ui;

namespace {

// One probe's answer, waited for.
SiteShapes probe(const poutine::Model& model) {
  ShapeProbe probe;
  QSignalSpy ready(&probe, &ShapeProbe::shapesReady);
  probe.probe(model);
  if (!ready.wait(20000))
    qFatal("no shapes within 20 s");
  return ready[0][0].value<SiteShapes>();
}

} // namespace

Q_DECLARE_METATYPE(kiln::ui::SiteShapes)

class NodeInspectorTest : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() { qRegisterMetaType<SiteShapes>(); }

  void shows_a_site_as_the_static_pass_read_it() {
    const auto example = test::example_model("eight_schools_noncentered.py", "eight_schools.json");
    NodeInspector inspector;
    inspector.setGraph(example.graph);
    inspector.showNode("theta_raw");
    QCOMPARE(inspector.node(), QString("theta_raw"));
    QCOMPARE(inspector.findChild<QLabel*>("title")->text(), QString("theta_raw"));
    QCOMPARE(inspector.field("kind"), QString("latent"));
    QCOMPARE(inspector.field("distribution"), QString("Normal(loc=0., scale=1.)"));
    QCOMPARE(inspector.field("code"), QString("dist.Normal(0., 1.)"));
    QCOMPARE(inspector.field("plates"), QString("schools (8)"));
    QCOMPARE(inspector.field("parents"), QString("none"));
    QCOMPARE(inspector.field("children"), QString("theta"));
    QCOMPARE(inspector.field("shape"), QString("unknown without data"));
    QCOMPARE(inspector.field("support"), QString()); // hidden until a trial run
    QCOMPARE(inspector.field("observed"), QString());
    QCOMPARE(inspector.field("defined"), QString("line 13, column 21"));

    inspector.showNode("obs");
    QCOMPARE(inspector.field("kind"), QString("observed"));
    QCOMPARE(inspector.field("distribution"), QString("Normal(loc=theta, scale=sigma)"));
    QCOMPARE(inspector.field("observed"), QString("y"));
    QCOMPARE(inspector.field("parents"), QString("sigma, theta"));
    QCOMPARE(inspector.field("children"), QString("none"));

    inspector.showNode("theta");
    QCOMPARE(inspector.field("kind"), QString("deterministic"));
    QCOMPARE(inspector.field("distribution"), QString());
    QCOMPARE(inspector.field("code"), QString("mu + tau * theta_raw"));
    QCOMPARE(inspector.field("parents"), QString("mu, tau, theta_raw"));

    inspector.showNode("sigma");
    QCOMPARE(inspector.field("kind"), QString("data"));
    QCOMPARE(inspector.field("children"), QString("obs"));
    QCOMPARE(inspector.field("plates"), QString());
    QCOMPARE(inspector.field("shape"), QString());
  }

  void shapes_and_supports_come_from_a_trial_run_with_data_bound() {
    const auto example = test::example_model("eight_schools_noncentered.py", "eight_schools.json");
    NodeInspector inspector;
    inspector.setGraph(example.graph);
    inspector.setShapes(probe(example.bound()));
    inspector.showNode("theta_raw");
    QCOMPARE(inspector.field("shape"), QString("batch (8,) · event ()"));
    QCOMPARE(inspector.field("support"), QString("real"));
    inspector.showNode("tau");
    QCOMPARE(inspector.field("shape"), QString("batch () · event ()"));
    QCOMPARE(inspector.field("support"), QString("nonnegative")); // torch's HalfCauchy.support
    inspector.showNode("theta");
    QCOMPARE(inspector.field("shape"), QString("value (8,)"));

    // Events and nested plates: LDA's topics are simplices over the vocabulary of 1000 words.
    const auto lda = test::example_model("lda.py", "lda.json");
    inspector.setGraph(lda.graph);
    inspector.setShapes(probe(lda.bound()));
    inspector.showNode("topic_words");
    QCOMPARE(inspector.field("shape"), QString("batch (20,) · event (1000,)"));
    QCOMPARE(inspector.field("support"), QString("simplex"));
    inspector.showNode("word_topics");
    QCOMPARE(inspector.field("shape"), QString("batch (64, 1000) · event ()"));
    QCOMPARE(inspector.field("plates"), QString("documents (1000), words (64)"));

    inspector.clearShapes();
    QCOMPARE(inspector.field("shape"), QString("unknown without data"));
  }

  void a_failed_trial_run_says_why() {
    auto example = test::example_model("eight_schools_noncentered.py", "eight_schools.json");
    example.data["sigma"] =
        lang::values_from_json(nlohmann::json::parse(R"({"s": [1.0, 2.0, 3.0]})"), "test").at("s");
    NodeInspector inspector;
    inspector.setGraph(example.graph);
    inspector.setShapes(probe(example.bound()));
    inspector.showNode("obs");
    QVERIFY2(inspector.field("shape").startsWith("unknown: the trial run failed: "),
             qPrintable(inspector.field("shape")));
    QVERIFY(!inspector.field("shape").contains('\n'));
  }

  void params_show_their_constraint_and_traced_sites_their_origin() {
    lang::DiagnosticSink sink;
    lang::ModelFile file(lang::Source("model.py", "import torch\nimport pyro\n"
                                                  "from pyro.distributions import constraints\n\n"
                                                  "def model():\n"
                                                  "    pyro.param(\"w\", torch.ones(3), "
                                                  "constraint=constraints.positive)\n"),
                         sink);
    QVERIFY(file.ok());
    NodeInspector inspector;
    lang::ModelGraph graph = lang::model_graph(file);
    graph.nodes[0].span.reset(); // as for a traced site not found in the code
    inspector.setGraph(graph);
    inspector.setShapes(probe(file.bind({}, "none")));
    inspector.showNode("w");
    QCOMPARE(inspector.field("kind"), QString("param"));
    QCOMPARE(inspector.field("code"), QString("torch.ones(3)"));
    QCOMPARE(inspector.field("shape"), QString("value (3,)"));
    QCOMPARE(inspector.field("support"), QString("positive"));
    QCOMPARE(inspector.field("defined"), QString("not found in the code"));
  }

  void links_ask_for_the_node_and_the_node_follows_the_graph() {
    auto example = test::example_model("eight_schools_noncentered.py", "eight_schools.json");
    NodeInspector inspector;
    QSignalSpy requested(&inspector, &NodeInspector::nodeRequested);
    inspector.setGraph(example.graph);
    inspector.showNode("theta");
    emit inspector.findChild<QLabel*>("parents")->linkActivated("tau");
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested[0][0].toString(), QString("tau"));

    // A new version of the graph keeps the node, showing the new code.
    example.graph.nodes.back().expression = "dist.Normal(theta, 2 * sigma)";
    inspector.showNode("obs");
    inspector.setGraph(example.graph);
    QCOMPARE(inspector.node(), QString("obs"));
    QCOMPARE(inspector.field("code"), QString("dist.Normal(theta, 2 * sigma)"));
    // A graph without it empties the inspector.
    example.graph.nodes.pop_back();
    inspector.setGraph(example.graph);
    QCOMPARE(inspector.node(), QString());
    QCOMPARE(inspector.field("kind"), QString());
    inspector.showNode("no such node");
    QCOMPARE(inspector.node(), QString());
  }

  void probes_coalesce_to_the_latest_request() {
    const auto schools = test::example_model("eight_schools_noncentered.py", "eight_schools.json");
    const auto gmm = test::example_model("gmm.py", "gmm.json");
    const auto lda = test::example_model("lda.py", "lda.json");
    ShapeProbe probe;
    QSignalSpy ready(&probe, &ShapeProbe::shapesReady);
    probe.probe(lda.bound());
    probe.probe(schools.bound());
    probe.probe(gmm.bound());
    QVERIFY(ready.wait(20000));
    QTest::qWait(200);
    QCOMPARE(ready.size(), 1);
    QVERIFY(ready[0][0].value<SiteShapes>().sites.count("locs"));

    probe.probe(schools.bound());
    probe.cancel();
    QVERIFY(!ready.wait(1000));
    QCOMPARE(ready.size(), 1);
  }
};

QTEST_MAIN(NodeInspectorTest)
#include "node_inspector_test.moc"
