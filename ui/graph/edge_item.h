#pragma once
// One edge of the graph view: the layout's spline from parent to child, ending in a filled
// arrow head. Not selectable: clicks go to the nodes.

#include <QGraphicsItem>
#include <QPainterPath>
#include <QPolygonF>
#include <QString>

#include "ui/graph/graph_layout.h"

namespace kiln::ui {

class EdgeItem : public QGraphicsItem {
public:
  enum { Type = UserType + 2 };

  explicit EdgeItem(const EdgeGeometry& geometry);

  int type() const override { return Type; }
  const QString& from() const { return m_from; }
  const QString& to() const { return m_to; }
  const QPainterPath& curve() const { return m_curve; }
  const QPolygonF& arrowHead() const { return m_head; }
  void setStale(bool stale);
  bool isStale() const { return m_stale; }

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
  QString m_from;
  QString m_to;
  QPainterPath m_curve;
  QPolygonF m_head;
  bool m_stale = false;
};

} // namespace kiln::ui
