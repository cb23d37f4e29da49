#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <thread>

#include <QElapsedTimer>

#include "core/util/error.h"
#include "tests/support/example_graph.h"
#include "ui/graph/graph_layout.h"

using namespace kiln;
using namespace kiln::ui;

namespace {

// How far a point may lie off a node's outline and still touch it: Graphviz clips splines to
// the shape's polygon, within a point or two of the box.
constexpr double kTouch = 2.0;

bool contains(const QRectF& outer, const QRectF& inner) {
  return outer.adjusted(-0.01, -0.01, 0.01, 0.01).contains(inner);
}

// Whether `p` lies on or just inside the node's box, and not deep in its middle.
bool on_outline(const QRectF& box, QPointF p) {
  const QRectF grown = box.adjusted(-kTouch, -kTouch, kTouch, kTouch);
  return grown.contains(p) &&
         QLineF(box.center(), p).length() > 0.25 * std::min(box.width(), box.height());
}

QStringList examples() {
  return {"eight_schools_noncentered.py:eight_schools.json", "lda.py:lda.json", "gmm.py:gmm.json",
          "hierarchical_regression.py:hierarchical_regression.json", "vae.py:"};
}

// A traced time series: x_t depends on x_{t-1} and on x_0, so edges cross many ranks.
lang::ModelGraph time_series(int steps) {
  lang::ModelGraph graph;
  graph.model = "model";
  for (int t = 0; t < steps; ++t) {
    lang::GraphNode node;
    node.name = "x_" + std::to_string(t);
    if (t > 0)
      node.parents.push_back("x_" + std::to_string(t - 1));
    if (t > 1)
      node.parents.push_back("x_0");
    graph.nodes.push_back(node);
  }
  return graph;
}

lang::ModelGraph example(const QString& spec) {
  const QStringList parts = spec.split(':');
  return test::example_model(parts[0].toStdString(), parts[1].toStdString()).graph;
}

} // namespace

class GraphLayoutTest : public QObject {
  Q_OBJECT
private slots:
  void every_node_and_edge_is_laid_out() {
    for (const QString& spec : examples()) {
      const lang::ModelGraph graph = example(spec);
      const GraphLayout layout = layout_graph(graph);
      QCOMPARE(layout.nodes.size(), graph.nodes.size());
      size_t edges = 0;
      for (size_t i = 0; i < graph.nodes.size(); ++i) {
        QCOMPARE(layout.nodes[i].name, graph.nodes[i].name);
        QVERIFY(layout.nodes[i].box.width() > 10 && layout.nodes[i].box.height() > 10);
        QVERIFY2(contains(layout.bounds, layout.nodes[i].box), qPrintable(spec));
        edges += graph.nodes[i].parents.size();
      }
      QCOMPARE(layout.edges.size(), edges);
    }
  }

  void nodes_lie_inside_the_boxes_of_their_plates() {
    for (const QString& spec : examples()) {
      const lang::ModelGraph graph = example(spec);
      const GraphLayout layout = layout_graph(graph);
      for (const auto& n : graph.nodes)
        for (const auto& plate : n.plates) {
          const PlateGeometry* box = layout.plate(plate);
          QVERIFY2(box, qPrintable(spec + ": " + QString::fromStdString(plate)));
          QVERIFY2(contains(box->box, layout.node(n.name)->box),
                   qPrintable(spec + ": " + QString::fromStdString(n.name)));
        }
      // A node outside a plate lies outside its box.
      for (const auto& n : graph.nodes)
        for (const auto& plate : layout.plates)
          if (std::find(n.plates.begin(), n.plates.end(), plate.name) == n.plates.end())
            QVERIFY(!plate.box.intersects(layout.node(n.name)->box));
    }
  }

  void nested_plates_are_nested() {
    const lang::ModelGraph graph = example("lda.py:lda.json");
    const GraphLayout layout = layout_graph(graph);
    QCOMPARE(layout.plates.size(), size_t(3));
    const PlateGeometry* documents = layout.plate("documents");
    const PlateGeometry* words = layout.plate("words");
    const PlateGeometry* topics = layout.plate("topics");
    QVERIFY(documents && words && topics);
    QCOMPARE(words->depth, documents->depth + 1);
    QCOMPARE(topics->depth, 0);
    QVERIFY(contains(documents->box, words->box));
    QVERIFY(!documents->box.intersects(topics->box));
    // Outer plates come first, and each label sits inside its box.
    QVERIFY(documents < words);
    QCOMPARE(words->label, std::string("words (64)"));
    for (const auto& plate : layout.plates)
      QVERIFY(contains(plate.box, plate.label_box));
  }

  void edges_run_from_parent_to_child() {
    for (const QString& spec : examples()) {
      const GraphLayout layout = layout_graph(example(spec));
      for (const auto& e : layout.edges) {
        QVERIFY(e.spline.size() >= 4);
        QCOMPARE(e.spline.size() % 3, size_t(1));
        const QRectF from = layout.node(e.from)->box;
        const QRectF to = layout.node(e.to)->box;
        QVERIFY2(on_outline(from, e.spline.front()), qPrintable(spec));
        QVERIFY2(on_outline(to, e.head), qPrintable(spec));
        // The arrow head fills the gap between the curve's end and the target.
        QVERIFY(QLineF(e.spline.back(), e.head).length() > 3);
      }
    }
  }

  void the_same_graph_gives_the_same_layout() {
    const lang::ModelGraph graph = example("lda.py:lda.json");
    const GraphLayout a = layout_graph(graph);
    layout_graph(example("gmm.py:gmm.json")); // Graphviz's state in between changes nothing
    const GraphLayout b = layout_graph(graph);
    QCOMPARE(a.bounds, b.bounds);
    for (size_t i = 0; i < a.nodes.size(); ++i)
      QCOMPARE(a.nodes[i].box, b.nodes[i].box);
    for (size_t i = 0; i < a.edges.size(); ++i)
      QVERIFY(a.edges[i].spline == b.edges[i].spline && a.edges[i].head == b.edges[i].head);
    for (size_t i = 0; i < a.plates.size(); ++i)
      QCOMPARE(a.plates[i].box, b.plates[i].box);
  }

  void odd_graphs_are_laid_out_as_far_as_they_make_sense() {
    // Names Graphviz would read as escapes, non-ASCII names, a parent that is not a node, a
    // plate whose parent is itself, an empty plate, and no size known.
    lang::ModelGraph graph;
    graph.model = "model";
    lang::GraphNode a;
    a.name = "a\\N σ";
    a.plates = {"p"};
    lang::GraphNode b;
    b.name = "b";
    b.kind = lang::NodeKind::observed;
    b.parents = {"a\\N σ", "missing", "b"};
    graph.nodes = {a, b};
    lang::GraphPlate p;
    p.name = "p";
    p.parent = "p";
    p.size_text = "len(x)";
    lang::GraphPlate empty;
    empty.name = "empty";
    graph.plates = {p, empty};
    const GraphLayout layout = layout_graph(graph);
    QCOMPARE(layout.nodes[0].name, a.name);
    QCOMPARE(layout.edges.size(), size_t(1));
    QCOMPARE(layout.plates.size(), size_t(1)); // the empty plate is not drawn
    QCOMPARE(layout.plates[0].label, std::string("p (len(x))"));
    QVERIFY(contains(layout.plates[0].box, layout.nodes[0].box));

    QVERIFY(layout_graph(lang::ModelGraph{}).nodes.empty());
  }

  void large_graphs_are_laid_out_quickly_or_refused() {
    QElapsedTimer timer;
    timer.start();
    const GraphLayout layout = layout_graph(time_series(40)); // dot's iterations capped
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(layout.edges.size(), size_t(77));
    QVERIFY(layout.node("x_39")->box.top() > layout.node("x_38")->box.bottom());
    // 200 steps would take dot minutes: refused at once, with the way out.
    timer.restart();
    try {
      layout_graph(time_series(200));
      QFAIL("a graph of 200 steps was laid out");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("200 nodes") &&
                   QString(e.what()).contains("kiln graph --format dot"),
               e.what());
    }
    QVERIFY(timer.elapsed() < 100);
  }

  void layouts_on_several_threads_at_once_agree() {
    const lang::ModelGraph graph = example("lda.py:lda.json");
    const GraphLayout expected = layout_graph(graph);
    std::vector<GraphLayout> results(4);
    std::vector<std::thread> threads;
    for (auto& r : results)
      threads.emplace_back([&r, &graph] { r = layout_graph(graph); });
    for (auto& t : threads)
      t.join();
    for (const auto& r : results)
      QCOMPARE(r.nodes[3].box, expected.nodes[3].box);
  }
};

QTEST_MAIN(GraphLayoutTest)
#include "graph_layout_test.moc"
