#pragma once
// One plate of the graph view: a rounded box around the nodes it repeats, labelled
// "name (size)" in its bottom right corner as plate notation does.

#include <QGraphicsItem>
#include <QString>

#include "ui/graph/graph_layout.h"

namespace kiln::ui {

class PlateItem : public QGraphicsItem {
public:
  enum { Type = UserType + 3 };

  explicit PlateItem(const PlateGeometry& geometry);

  int type() const override { return Type; }
  const QString& name() const { return m_name; }
  const QString& label() const { return m_label; }
  void setStale(bool stale);
  bool isStale() const { return m_stale; }

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
  QString m_name;
  QString m_label;
  QRectF m_box;
  QRectF m_labelBox;
  bool m_stale = false;
};

} // namespace kiln::ui
