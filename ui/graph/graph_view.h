#pragma once
// The model graph drawn as the layout places it (graph_layout.h): nodes by kind, plates as
// labelled boxes, edges with arrow heads. It shows whatever graph it is given and reports what
// the user picks; it knows nothing of the code editor or the inspector, which listen to its
// signals (and call selectNode when the code's cursor moves onto a site).
//
// Typing changes spans on every keystroke but rarely the graph's structure: a graph with the
// structure of the one shown only updates the spans, so the layout, the zoom and the selection
// stay where they are.

#include <string>
#include <vector>

#include <QGraphicsView>
#include <QString>

#include "core/lang/model_graph.h"

namespace kiln::ui {

class NodeItem;

class GraphView : public QGraphicsView {
  Q_OBJECT
public:
  explicit GraphView(QWidget* parent = nullptr);
  ~GraphView() override;

  // Lays out and draws `graph`. When the layout fails the view shows why, and errorMessage()
  // says it too; the selection is kept where the selected node is still in the graph.
  void setGraph(const lang::ModelGraph& graph);
  // Greys the whole graph: the code has errors and this is the last valid graph.
  void setStale(bool stale);
  bool isStale() const { return m_stale; }

  QString selectedNode() const { return m_selected; }
  QString errorMessage() const { return m_error; }
  NodeItem* nodeItem(const QString& name) const;
  std::vector<NodeItem*> nodeItems() const;
  // The view's zoom: 1 draws one layout point as one pixel.
  double zoom() const;

public slots:
  // Selects the node and scrolls it into view; an empty or unknown name clears the selection.
  // Emits nodeSelected when the selection changes, never siteActivated.
  void selectNode(const QString& name);
  // Fits the whole graph into the view (not magnifying small graphs more than a little), and
  // keeps fitting it as the view is resized until the user zooms.
  void fitToView();

signals:
  // The selected node changed (from a click or selectNode); empty when none is selected.
  void nodeSelected(const QString& name);
  // The user clicked a node whose definition is known: go to it in the code.
  void siteActivated(const QString& name, int line, int column);

protected:
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

private:
  void rebuild(const lang::ModelGraph& graph);
  void showMessage(const QString& text);
  void onSelectionChanged();

  QGraphicsScene* m_scene;
  std::string m_structure; // of the graph shown; empty before the first
  QString m_selected;
  QString m_error;
  bool m_stale = false;
  bool m_fitting = true; // until the user zooms
  bool m_rebuilding = false;
};

} // namespace kiln::ui
