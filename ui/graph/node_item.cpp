#include "ui/graph/node_item.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include "ui/common/qt_text.h"
#include "ui/graph/graph_palette.h"

namespace kiln::ui {

namespace {

// Room around the outline for the selection halo.
constexpr double kHalo = 4.0;

bool small_node(lang::NodeKind kind) {
  return kind == lang::NodeKind::param || kind == lang::NodeKind::module ||
         kind == lang::NodeKind::factor;
}

} // namespace

NodeItem::NodeItem(const NodeGeometry& geometry, std::optional<lang::Span> span)
    : m_name(qt_text(geometry.name)), m_kind(geometry.kind), m_size(geometry.box.size()),
      m_span(span) {
  setPos(geometry.box.center());
  setFlag(ItemIsSelectable);
  setAcceptHoverEvents(true);
  setCursor(Qt::PointingHandCursor);
  setZValue(2);
}

void NodeItem::setStale(bool stale) {
  m_stale = stale;
  update();
}

QPainterPath NodeItem::outline() const {
  const QRectF box(-m_size.width() / 2, -m_size.height() / 2, m_size.width(), m_size.height());
  QPainterPath path;
  switch (m_kind) {
  case lang::NodeKind::latent:
  case lang::NodeKind::observed:
    path.addEllipse(box);
    break;
  case lang::NodeKind::deterministic:
    path.addPolygon(QPolygonF({QPointF(0, box.top()), QPointF(box.right(), 0),
                               QPointF(0, box.bottom()), QPointF(box.left(), 0)}));
    path.closeSubpath();
    break;
  case lang::NodeKind::param:
  case lang::NodeKind::module:
    path.addRoundedRect(box, 2, 2);
    break;
  case lang::NodeKind::data:
  case lang::NodeKind::factor:
    path.addRect(box);
    break;
  }
  return path;
}

QRectF NodeItem::boundingRect() const {
  return outline().boundingRect().adjusted(-kHalo, -kHalo, kHalo, kHalo);
}

QPainterPath NodeItem::shape() const {
  return outline();
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  const NodeColours colours = node_colours(m_kind, m_stale);
  const QPainterPath path = outline();
  painter->setRenderHint(QPainter::Antialiasing);
  if (isSelected()) {
    QColor halo = graph_colour(GraphColour::selection, m_stale);
    halo.setAlpha(90);
    painter->strokePath(path, QPen(halo, 2 * kHalo));
  }
  painter->setBrush(colours.fill);
  painter->setPen(
      QPen(isSelected() ? graph_colour(GraphColour::selection, m_stale) : colours.outline,
           isSelected() ? 2.0 : 1.3));
  painter->drawPath(path);
  if (m_kind == lang::NodeKind::module) {
    painter->setBrush(Qt::NoBrush);
    painter->setPen(QPen(colours.outline, 0.8));
    const QRectF inner = path.boundingRect().adjusted(2.5, 2.5, -2.5, -2.5);
    painter->drawRoundedRect(inner, 1.5, 1.5);
  }
  QFont font(QString::fromLatin1(kLayoutFont));
  font.setPixelSize(static_cast<int>(small_node(m_kind) ? kSmallFontSize : kNodeFontSize));
  painter->setFont(font);
  painter->setPen(colours.text);
  const QRectF box = path.boundingRect();
  const QString text = QFontMetricsF(font).elidedText(m_name, Qt::ElideMiddle, box.width());
  painter->drawText(box, Qt::AlignCenter, text);
}

} // namespace kiln::ui
