#pragma once
// One node of the graph view, drawn by its kind: latent sites as circles, observed ones as
// shaded circles, deterministic sites as diamonds, data as squares, params and modules as small
// boxes (a module's with a double edge), factors as black squares. Its position is the centre
// of the box the layout gave it. Selectable; the view turns clicks into signals.

#include <optional>

#include <QGraphicsItem>
#include <QString>

#include "core/lang/model_graph.h"
#include "ui/graph/graph_layout.h"

namespace kiln::ui {

class NodeItem : public QGraphicsItem {
public:
  enum { Type = UserType + 1 };

  NodeItem(const NodeGeometry& geometry, std::optional<lang::Span> span);

  int type() const override { return Type; }
  const QString& name() const { return m_name; }
  lang::NodeKind kind() const { return m_kind; }
  // Where the site is defined in the code; absent for traced sites not found there.
  const std::optional<lang::Span>& span() const { return m_span; }
  void setSpan(std::optional<lang::Span> span) { m_span = span; }
  void setStale(bool stale);
  bool isStale() const { return m_stale; }

  // The outline drawn, in item coordinates (centred on the origin).
  QPainterPath outline() const;

  QRectF boundingRect() const override;
  QPainterPath shape() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
  QString m_name;
  lang::NodeKind m_kind;
  QSizeF m_size;
  std::optional<lang::Span> m_span;
  bool m_stale = false;
};

} // namespace kiln::ui
