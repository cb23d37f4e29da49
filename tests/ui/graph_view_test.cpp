#include <QtTest/QtTest>

#include <QWheelEvent>

#include "tests/support/example_graph.h"
#include "ui/graph/edge_item.h"
#include "ui/graph/graph_view.h"
#include "ui/graph/node_item.h"
#include "ui/graph/plate_item.h"

using namespace kiln;
using namespace kiln::ui;

namespace {

// One node of every kind, two nested plates.
const char* kAllKinds = R"(import torch
import torch.nn as nn
import pyro
import pyro.distributions as dist
from pyro.distributions import constraints

net = nn.Linear(2, 1)


def model(x, y):
    pyro.module("net", net)
    w = pyro.param("w", torch.ones(3), constraint=constraints.positive)
    mu = pyro.sample("mu", dist.Normal(0., 1.))
    with pyro.plate("outer", 3):
        with pyro.plate("inner", 2):
            s = pyro.deterministic("s", mu * w)
            pyro.factor("penalty", -s.abs())
    pyro.sample("y", dist.Normal(mu + x, 1.), obs=y)
)";

lang::ModelGraph graph_of(const std::string& text) {
  lang::DiagnosticSink sink;
  lang::ModelFile file(lang::Source("model.py", text), sink);
  if (!file.ok())
    qFatal("%s", lang::format_diagnostics(sink, file.source()).c_str());
  return lang::model_graph(file);
}

// The colour inside the node, below its label.
QColor fill_of(GraphView& view, const QString& name) {
  NodeItem* node = view.nodeItem(name);
  const QRectF box = node->outline().boundingRect();
  QImage image(200, 200, QImage::Format_ARGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  painter.translate(100, 100);
  node->paint(&painter, nullptr, nullptr);
  painter.end();
  return image.pixelColor(100, 100 + static_cast<int>(box.height() * 0.3));
}

QImage render(GraphView& view) {
  QImage image(view.scene()->sceneRect().size().toSize(), QImage::Format_ARGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  view.scene()->render(&painter);
  return image;
}

bool is_grey(const QColor& c) {
  return std::abs(c.red() - c.green()) <= 2 && std::abs(c.green() - c.blue()) <= 2;
}

void click(GraphView& view, const QString& name) {
  const QPoint at = view.mapFromScene(view.nodeItem(name)->scenePos());
  QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, at);
}

void wheel(GraphView& view, int delta) {
  const QPointF at = view.viewport()->rect().center();
  QWheelEvent event(at, view.viewport()->mapToGlobal(at), {}, QPoint(0, delta), Qt::NoButton,
                    Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(view.viewport(), &event);
}

} // namespace

class GraphViewTest : public QObject {
  Q_OBJECT
private slots:
  void nodes_are_drawn_by_kind() {
    GraphView view;
    view.setGraph(graph_of(kAllKinds));
    QCOMPARE(view.nodeItems().size(), size_t(7));
    auto node = [&](const char* name) { return view.nodeItem(name); };
    QCOMPARE(node("mu")->kind(), lang::NodeKind::latent);
    QCOMPARE(node("y")->kind(), lang::NodeKind::observed);
    QCOMPARE(node("s")->kind(), lang::NodeKind::deterministic);
    QCOMPARE(node("x")->kind(), lang::NodeKind::data);
    QCOMPARE(node("w")->kind(), lang::NodeKind::param);
    QCOMPARE(node("net")->kind(), lang::NodeKind::module);
    QCOMPARE(node("penalty")->kind(), lang::NodeKind::factor);

    // Circles: one ellipse in a square box.
    for (const char* name : {"mu", "y"}) {
      const QRectF box = node(name)->outline().boundingRect();
      QCOMPARE(box.width(), box.height());
      QPainterPath circle;
      circle.addEllipse(box);
      QCOMPARE(node(name)->outline(), circle);
    }
    // A diamond: four corners at the middles of its box's sides.
    const QPolygonF diamond = node("s")->outline().toFillPolygon();
    const QRectF dbox = diamond.boundingRect();
    QVERIFY(diamond.contains(QPointF(dbox.center().x(), dbox.top())));
    QVERIFY(diamond.contains(QPointF(dbox.left(), dbox.center().y())));
    QVERIFY(!node("s")->outline().contains(dbox.topLeft() + QPointF(2, 2)));
    // Data: a square; params and modules: boxes smaller than a site.
    const QRectF data = node("x")->outline().boundingRect();
    QCOMPARE(data.width(), data.height());
    QVERIFY(node("x")->outline().contains(data.topLeft() + QPointF(1, 1)));
    for (const char* name : {"w", "net"})
      QVERIFY(node(name)->outline().boundingRect().height() <
              0.6 * node("mu")->outline().boundingRect().height());

    // Observed sites are shaded, factors black, latent sites white inside.
    QCOMPARE(fill_of(view, "mu"), QColor(Qt::white));
    QVERIFY(fill_of(view, "y").lightness() < 220);
    QVERIFY(fill_of(view, "penalty").lightness() < 60);

    // Plates are boxes with their size; edges carry arrow heads.
    QStringList plates;
    int edges = 0;
    for (QGraphicsItem* item : view.scene()->items()) {
      if (auto* plate = qgraphicsitem_cast<PlateItem*>(item))
        plates << plate->label();
      if (auto* edge = qgraphicsitem_cast<EdgeItem*>(item)) {
        ++edges;
        QCOMPARE(edge->arrowHead().size(), 3);
      }
    }
    plates.sort();
    QCOMPARE(plates, QStringList({"inner (2)", "outer (3)"}));
    QCOMPARE(edges, 5); // w, mu → s; s → penalty; mu, x → y
  }

  void clicking_a_node_selects_it_and_reports_its_line() {
    const lang::ModelGraph graph =
        test::example_model("eight_schools_noncentered.py", "eight_schools.json").graph;
    GraphView view;
    view.resize(600, 500);
    view.setGraph(graph);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy selected(&view, &GraphView::nodeSelected);
    QSignalSpy activated(&view, &GraphView::siteActivated);

    click(view, "tau");
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected[0][0].toString(), QString("tau"));
    QCOMPARE(activated.size(), 1);
    const lang::Span span = *graph.node("tau")->span;
    QCOMPARE(span.line, 11u); // tau = pyro.sample("tau", ...) in the example
    QCOMPARE(activated[0][0].toString(), QString("tau"));
    QCOMPARE(activated[0][1].toInt(), 11);
    QCOMPARE(activated[0][2].toInt(), static_cast<int>(span.col));
    QVERIFY(view.nodeItem("tau")->isSelected());
    QCOMPARE(view.selectedNode(), QString("tau"));

    // Clicking it again goes to the code again but changes no selection.
    click(view, "tau");
    QCOMPARE(selected.size(), 1);
    QCOMPARE(activated.size(), 2);

    // Data nodes point at the model's parameter.
    click(view, "sigma");
    QCOMPARE(selected.last()[0].toString(), QString("sigma"));
    QCOMPARE(activated.last()[1].toInt(), 9);

    // Empty space clears the selection.
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(3, 3));
    QCOMPARE(selected.last()[0].toString(), QString());
    QCOMPARE(view.selectedNode(), QString());
    QCOMPARE(activated.size(), 3);
  }

  void select_node_selects_without_going_to_the_code() {
    GraphView view;
    view.setGraph(graph_of(kAllKinds));
    QSignalSpy selected(&view, &GraphView::nodeSelected);
    QSignalSpy activated(&view, &GraphView::siteActivated);
    view.selectNode("s");
    QVERIFY(view.nodeItem("s")->isSelected());
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected[0][0].toString(), QString("s"));
    view.selectNode("s");
    QCOMPARE(selected.size(), 1);
    view.selectNode("mu");
    QVERIFY(!view.nodeItem("s")->isSelected());
    QCOMPARE(view.scene()->selectedItems().size(), 1);
    view.selectNode("no such node");
    QCOMPARE(view.scene()->selectedItems().size(), 0);
    QCOMPARE(selected.last()[0].toString(), QString());
    QCOMPARE(activated.size(), 0);
  }

  void stale_graphs_are_grey() {
    GraphView view;
    view.setGraph(graph_of(kAllKinds));
    view.selectNode("mu");
    auto coloured_pixels = [](const QImage& image) {
      int n = 0;
      for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
          n += !is_grey(image.pixelColor(x, y));
      return n;
    };
    QVERIFY(coloured_pixels(render(view)) > 100);
    view.setStale(true);
    QVERIFY(view.isStale());
    for (NodeItem* node : view.nodeItems())
      QVERIFY(node->isStale());
    QCOMPARE(coloured_pixels(render(view)), 0);
    // A new graph while stale is drawn grey too, until the code is valid again.
    view.setGraph(test::example_model("lda.py", "lda.json").graph);
    QCOMPARE(coloured_pixels(render(view)), 0);
    view.setStale(false);
    QVERIFY(coloured_pixels(render(view)) > 100);
  }

  void the_same_graph_again_keeps_selection_and_view() {
    lang::ModelGraph graph = test::example_model("lda.py", "lda.json").graph;
    GraphView view;
    view.resize(500, 400);
    view.setGraph(graph);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.selectNode("word_topics");
    wheel(view, 240);
    const double zoom = view.zoom();
    QVERIFY(zoom > 0);
    const QPointF centre = view.mapToScene(view.viewport()->rect().center());
    NodeItem* item = view.nodeItem("word_topics");
    QSignalSpy selected(&view, &GraphView::nodeSelected);
    QSignalSpy activated(&view, &GraphView::siteActivated);

    // A line typed above the model moves every span down; the graph is the same.
    for (auto& n : graph.nodes)
      if (n.span)
        n.span->line += 1;
    view.setGraph(graph);
    QCOMPARE(view.nodeItem("word_topics"), item); // not rebuilt
    QVERIFY(item->isSelected());
    QCOMPARE(view.zoom(), zoom);
    QCOMPARE(view.mapToScene(view.viewport()->rect().center()), centre);
    QCOMPARE(selected.size(), 0);
    click(view, "word_topics");
    QCOMPARE(activated.last()[1].toInt(), static_cast<int>(graph.node("word_topics")->span->line));

    // A changed graph keeps the selection where the node is still there...
    graph.nodes.pop_back(); // doc_words
    view.setGraph(graph);
    QVERIFY(view.nodeItem("word_topics")->isSelected());
    QCOMPARE(view.zoom(), zoom); // the user's zoom stays
    QCOMPARE(selected.size(), 0);
    // ... and says the selection is gone where it is not.
    view.selectNode("topic_words");
    graph.nodes.erase(std::find_if(graph.nodes.begin(), graph.nodes.end(),
                                   [](const auto& n) { return n.name == "topic_words"; }));
    view.setGraph(graph);
    QVERIFY(!view.nodeItem("topic_words"));
    QCOMPARE(selected.last()[0].toString(), QString());
  }

  void a_graph_too_large_to_draw_is_a_message() {
    GraphView view;
    view.setGraph(graph_of(kAllKinds));
    view.selectNode("mu");
    QSignalSpy selected(&view, &GraphView::nodeSelected);
    lang::ModelGraph series;
    for (int t = 0; t < 300; ++t) {
      lang::GraphNode node;
      node.name = "x_" + std::to_string(t);
      if (t > 0)
        node.parents = {"x_0", "x_" + std::to_string(t - 1)};
      series.nodes.push_back(node);
    }
    view.setGraph(series);
    QVERIFY(view.errorMessage().contains("too large to draw"));
    QVERIFY(view.nodeItems().empty());
    QCOMPARE(selected.last()[0].toString(), QString());
    bool shown = false;
    for (QGraphicsItem* item : view.scene()->items())
      if (auto* text = dynamic_cast<QGraphicsSimpleTextItem*>(item))
        shown = text->text() == view.errorMessage();
    QVERIFY(shown);
    view.setGraph(graph_of(kAllKinds));
    QVERIFY(view.errorMessage().isEmpty());
    QCOMPARE(view.nodeItems().size(), size_t(7));
  }

  void zooming_and_fitting() {
    GraphView view;
    view.resize(300, 300);
    view.setGraph(test::example_model("lda.py", "lda.json").graph);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const double fitted = view.zoom();
    QVERIFY(fitted < 1); // the LDA graph is taller than 300 pixels
    wheel(view, 120);
    QVERIFY(qAbs(view.zoom() - 1.2 * fitted) < 1e-9);
    wheel(view, -240);
    QVERIFY(view.zoom() < fitted);
    for (int i = 0; i < 40; ++i)
      wheel(view, 1200);
    QVERIFY(view.zoom() <= 8.0);
    QTest::mouseDClick(view.viewport(), Qt::LeftButton, {}, QPoint(2, 2));
    QCOMPARE(view.zoom(), fitted);
    // A small graph is not blown up to fill a large view.
    view.resize(1200, 1200);
    view.setGraph(graph_of("import pyro\nimport pyro.distributions as dist\n\ndef model():\n"
                           "    pyro.sample(\"a\", dist.Normal(0., 1.))\n"));
    QVERIFY(view.zoom() <= 1.5);
  }
};

QTEST_MAIN(GraphViewTest)
#include "graph_view_test.moc"
