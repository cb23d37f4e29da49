#include "ui/graph/edge_item.h"

#include <QLineF>
#include <QPainter>

#include "ui/common/qt_text.h"
#include "ui/graph/graph_palette.h"

namespace kiln::ui {

EdgeItem::EdgeItem(const EdgeGeometry& geometry)
    : m_from(qt_text(geometry.from)), m_to(qt_text(geometry.to)) {
  const auto& s = geometry.spline;
  if (s.empty())
    return;
  m_curve.moveTo(s[0]);
  for (size_t i = 1; i + 2 < s.size(); i += 3)
    m_curve.cubicTo(s[i], s[i + 1], s[i + 2]);
  // The head spans from the curve's end to the tip, as wide as two thirds of its length.
  const QLineF axis(s.back(), geometry.head);
  if (axis.length() > 0) {
    const QLineF normal = axis.normalVector().unitVector();
    const QPointF side = (normal.p2() - normal.p1()) * axis.length() / 3;
    m_head = QPolygonF({geometry.head, s.back() + side, s.back() - side});
  }
  setZValue(1);
}

void EdgeItem::setStale(bool stale) {
  m_stale = stale;
  update();
}

QRectF EdgeItem::boundingRect() const {
  return m_curve.boundingRect().united(m_head.boundingRect()).adjusted(-2, -2, 2, 2);
}

void EdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  const QColor colour = graph_colour(GraphColour::edge, m_stale);
  painter->setRenderHint(QPainter::Antialiasing);
  painter->setBrush(Qt::NoBrush);
  painter->setPen(QPen(colour, 1.2));
  painter->drawPath(m_curve);
  painter->setBrush(colour);
  painter->setPen(QPen(colour, 1.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  painter->drawPolygon(m_head);
}

} // namespace kiln::ui
