#include "ui/graph/plate_item.h"

#include <QFont>
#include <QPainter>

#include "ui/common/qt_text.h"
#include "ui/graph/graph_palette.h"

namespace kiln::ui {

PlateItem::PlateItem(const PlateGeometry& geometry)
    : m_name(qt_text(geometry.name)), m_label(qt_text(geometry.label)), m_box(geometry.box),
      m_labelBox(geometry.label_box) {
  setZValue(0);
  setToolTip(QStringLiteral("plate %1").arg(m_label));
}

void PlateItem::setStale(bool stale) {
  m_stale = stale;
  update();
}

QRectF PlateItem::boundingRect() const {
  return m_box.adjusted(-1, -1, 1, 1);
}

void PlateItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  painter->setRenderHint(QPainter::Antialiasing);
  painter->setBrush(graph_colour(GraphColour::plate_fill, m_stale));
  painter->setPen(QPen(graph_colour(GraphColour::plate_outline, m_stale), 1.2));
  painter->drawRoundedRect(m_box, 8, 8);
  QFont font(QString::fromLatin1(kLayoutFont));
  font.setPixelSize(static_cast<int>(kPlateFontSize));
  painter->setFont(font);
  painter->setPen(graph_colour(GraphColour::plate_text, m_stale));
  // Right-aligned in the room Graphviz left, which is the corner of the box.
  const QRectF room(m_box.left() + 6, m_labelBox.top(), m_box.width() - 12, m_labelBox.height());
  painter->drawText(room, Qt::AlignRight | Qt::AlignVCenter, m_label);
}

} // namespace kiln::ui
