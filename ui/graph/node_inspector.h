#pragma once
// The inspector: everything known about the node selected in the graph, one row a fact: its
// kind, its distribution with the arguments as written, the code of its value or observation,
// its plates (with sizes), parents and children (links that ask for that node), where it is
// defined, and, once a trial run gave them (shape_probe.h), its shapes and support. Without
// data there is no trial run, and the shape row says so.
//
// It shows what it is given: the owner passes every new graph, the shapes when they come, and
// the node to show (from GraphView::nodeSelected).

#include <map>
#include <optional>

#include <QString>
#include <QWidget>

#include "core/lang/model_graph.h"
#include "ui/graph/site_shapes.h"

class QGridLayout;
class QLabel;
class QStackedWidget;

namespace kiln::ui {

class NodeInspector : public QWidget {
  Q_OBJECT
public:
  explicit NodeInspector(QWidget* parent = nullptr);

  // The node shown keeps being shown while it is in the graph; else the inspector empties.
  void setGraph(const lang::ModelGraph& graph);
  // Shapes and supports from a trial run of the model with its data.
  void setShapes(const SiteShapes& shapes);
  // No data: shapes unknown.
  void clearShapes();

  QString node() const { return m_node; }
  // The text of a row as shown, without markup ("distribution", "code", "observed", "plates",
  // "parents", "children", "shape", "support", "defined"); empty when the row is hidden.
  QString field(const QString& name) const;

public slots:
  // Shows the node of that name; an empty or unknown name empties the inspector.
  void showNode(const QString& name);

signals:
  // A parent or child link was clicked: the owner selects that node (in the graph too).
  void nodeRequested(const QString& name);

private:
  void refresh();
  void setRow(const QString& field, const QString& label, const QString& text,
              const QString& html = {});
  void hideRows();

  lang::ModelGraph m_graph;
  std::optional<SiteShapes> m_shapes;
  QString m_node;
  QStackedWidget* m_pages;
  QLabel* m_title;
  QGridLayout* m_grid;
  struct Row {
    QLabel* label;
    QLabel* value;
    QString text;
  };
  std::map<QString, Row> m_rows;
};

} // namespace kiln::ui
