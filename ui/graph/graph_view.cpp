#include "ui/graph/graph_view.h"

#include <algorithm>
#include <cmath>
#include <exception>

#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QMouseEvent>
#include <QWheelEvent>

#include "ui/common/qt_text.h"
#include "ui/graph/edge_item.h"
#include "ui/graph/graph_layout.h"
#include "ui/graph/node_item.h"
#include "ui/graph/plate_item.h"

namespace kiln::ui {

namespace {

constexpr double kMargin = 16.0;
constexpr double kMaxFitZoom = 1.5;
constexpr double kMinZoom = 0.05;
constexpr double kMaxZoom = 8.0;

// Everything the layout depends on; two graphs with the same key draw the same.
std::string structure_key(const lang::ModelGraph& graph) {
  std::string key;
  for (const auto& n : graph.nodes) {
    key += n.name + '\x1f' + lang::node_kind_name(n.kind) + '\x1f';
    for (const auto& p : n.plates)
      key += p + '\x1e';
    key += '\x1f';
    for (const auto& p : n.parents)
      key += p + '\x1e';
    key += '\x1d';
  }
  key += '\x1c';
  for (const auto& p : graph.plates)
    key += p.name + '\x1f' + (p.size ? std::to_string(*p.size) : p.size_text) + '\x1f' + p.parent +
           '\x1d';
  return key;
}

QString tool_tip(const lang::GraphNode& node) {
  QString tip = QStringLiteral("<b>%1</b> · %2")
                    .arg(qt_text(node.name).toHtmlEscaped(), lang::node_kind_name(node.kind));
  if (!node.expression.empty())
    tip += QStringLiteral("<br><code>%1</code>").arg(qt_text(node.expression).toHtmlEscaped());
  if (node.span)
    tip += QStringLiteral("<br>line %1").arg(node.span->line);
  return tip;
}

} // namespace

GraphView::GraphView(QWidget* parent) : QGraphicsView(parent), m_scene(new QGraphicsScene(this)) {
  setScene(m_scene);
  setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
  setDragMode(ScrollHandDrag);
  setTransformationAnchor(AnchorUnderMouse);
  setResizeAnchor(AnchorViewCenter);
  setBackgroundBrush(Qt::white);
  setMinimumSize(120, 100);
  connect(m_scene, &QGraphicsScene::selectionChanged, this, &GraphView::onSelectionChanged);
}

GraphView::~GraphView() {
  // The scene is deleted with the children, after this object: its items' last
  // selectionChanged must not reach a view that is gone.
  m_scene->disconnect(this);
}

void GraphView::setGraph(const lang::ModelGraph& graph) {
  const std::string structure = structure_key(graph);
  if (m_error.isEmpty() && !m_structure.empty() && structure == m_structure) {
    for (const auto& n : graph.nodes)
      if (NodeItem* item = nodeItem(qt_text(n.name))) {
        item->setSpan(n.span);
        item->setToolTip(tool_tip(n));
      }
    return;
  }
  m_structure = structure;
  rebuild(graph);
}

void GraphView::rebuild(const lang::ModelGraph& graph) {
  const QString selected = m_selected;
  GraphLayout layout;
  try {
    layout = layout_graph(graph);
  } catch (const std::exception& e) {
    showMessage(error_message(e));
    return;
  }
  m_error.clear();
  m_rebuilding = true;
  m_scene->clear();
  for (const auto& p : layout.plates) {
    auto* item = new PlateItem(p);
    item->setStale(m_stale);
    m_scene->addItem(item);
  }
  for (const auto& e : layout.edges) {
    auto* item = new EdgeItem(e);
    item->setStale(m_stale);
    m_scene->addItem(item);
  }
  for (size_t i = 0; i < layout.nodes.size(); ++i) {
    auto* item = new NodeItem(layout.nodes[i], graph.nodes[i].span);
    item->setToolTip(tool_tip(graph.nodes[i]));
    item->setStale(m_stale);
    m_scene->addItem(item);
  }
  m_scene->setSceneRect(layout.bounds.adjusted(-kMargin, -kMargin, kMargin, kMargin));
  NodeItem* keep = selected.isEmpty() ? nullptr : nodeItem(selected);
  if (keep)
    keep->setSelected(true);
  m_rebuilding = false;
  if (m_fitting)
    fitToView();
  if (!keep)
    onSelectionChanged();
}

void GraphView::showMessage(const QString& text) {
  m_error = text;
  m_structure.clear();
  m_rebuilding = true;
  m_scene->clear();
  m_rebuilding = false;
  auto* item = m_scene->addSimpleText(text);
  item->setBrush(QColor(0xa0, 0x20, 0x20));
  m_scene->setSceneRect(item->boundingRect().adjusted(-kMargin, -kMargin, kMargin, kMargin));
  resetTransform();
  onSelectionChanged();
}

void GraphView::setStale(bool stale) {
  if (stale == m_stale)
    return;
  m_stale = stale;
  for (QGraphicsItem* item : m_scene->items()) {
    if (auto* node = qgraphicsitem_cast<NodeItem*>(item))
      node->setStale(stale);
    else if (auto* edge = qgraphicsitem_cast<EdgeItem*>(item))
      edge->setStale(stale);
    else if (auto* plate = qgraphicsitem_cast<PlateItem*>(item))
      plate->setStale(stale);
  }
}

NodeItem* GraphView::nodeItem(const QString& name) const {
  for (QGraphicsItem* item : m_scene->items())
    if (auto* node = qgraphicsitem_cast<NodeItem*>(item); node && node->name() == name)
      return node;
  return nullptr;
}

std::vector<NodeItem*> GraphView::nodeItems() const {
  std::vector<NodeItem*> nodes;
  for (QGraphicsItem* item : m_scene->items(Qt::AscendingOrder))
    if (auto* node = qgraphicsitem_cast<NodeItem*>(item))
      nodes.push_back(node);
  return nodes;
}

double GraphView::zoom() const {
  return transform().m11();
}

void GraphView::selectNode(const QString& name) {
  NodeItem* node = name.isEmpty() ? nullptr : nodeItem(name);
  m_rebuilding = true; // one selectionChanged for the whole change
  m_scene->clearSelection();
  if (node)
    node->setSelected(true);
  m_rebuilding = false;
  if (node)
    ensureVisible(node, 24, 24);
  onSelectionChanged();
}

void GraphView::fitToView() {
  m_fitting = true;
  const QRectF rect = m_scene->sceneRect();
  if (rect.isEmpty())
    return;
  fitInView(rect, Qt::KeepAspectRatio);
  if (zoom() > kMaxFitZoom) {
    resetTransform();
    scale(kMaxFitZoom, kMaxFitZoom);
    centerOn(rect.center());
  }
}

void GraphView::onSelectionChanged() {
  if (m_rebuilding)
    return;
  QString name;
  for (QGraphicsItem* item : m_scene->selectedItems())
    if (auto* node = qgraphicsitem_cast<NodeItem*>(item))
      name = node->name();
  if (name == m_selected)
    return;
  m_selected = name;
  emit nodeSelected(name);
}

void GraphView::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps == 0) {
    QGraphicsView::wheelEvent(event);
    return;
  }
  const double factor = std::pow(1.2, steps);
  const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
  m_fitting = false;
  scale(target / zoom(), target / zoom());
  event->accept();
}

void GraphView::mousePressEvent(QMouseEvent* event) {
  QGraphicsView::mousePressEvent(event);
  if (event->button() != Qt::LeftButton)
    return;
  for (QGraphicsItem* item : items(event->position().toPoint()))
    if (auto* node = qgraphicsitem_cast<NodeItem*>(item)) {
      if (node->span())
        emit siteActivated(node->name(), static_cast<int>(node->span()->line),
                           static_cast<int>(node->span()->col));
      return;
    }
}

void GraphView::mouseDoubleClickEvent(QMouseEvent* event) {
  const auto hit = items(event->position().toPoint());
  const bool on_node = std::any_of(hit.begin(), hit.end(), [](QGraphicsItem* item) {
    return qgraphicsitem_cast<NodeItem*>(item) != nullptr;
  });
  if (on_node)
    QGraphicsView::mouseDoubleClickEvent(event);
  else
    fitToView();
}

void GraphView::resizeEvent(QResizeEvent* event) {
  QGraphicsView::resizeEvent(event);
  if (m_fitting)
    fitToView();
}

} // namespace kiln::ui
