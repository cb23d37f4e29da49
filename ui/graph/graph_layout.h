#pragma once
// The model graph laid out by Graphviz's `dot`, as plain geometry the graph view draws: node
// boxes, edge curves, plate boxes. Coordinates are Graphviz points turned to Qt's orientation
// (y grows downwards) with the top-left of the whole drawing at (0, 0); one point is one scene
// unit. The same graph always gives the same layout.

#include <string>
#include <vector>

#include <QPointF>
#include <QRectF>

#include "core/lang/model_graph.h"

namespace kiln::ui {

struct NodeGeometry {
  std::string name;
  lang::NodeKind kind = lang::NodeKind::latent;
  // The node's bounding box (a circle's square, a diamond's box).
  QRectF box;
};

struct EdgeGeometry {
  std::string from;
  std::string to;
  // A cubic Bézier spline: the start, then three points per segment (two controls, an end).
  std::vector<QPointF> spline;
  // Where the arrow head's tip touches the target; the spline stops short of it by the head.
  QPointF head;
};

struct PlateGeometry {
  std::string name;
  std::string label; // "name (size)", the size as written where it is not known
  QRectF box;
  QRectF label_box; // where Graphviz left room for the label, inside `box`
  int depth = 0;    // 0 for an outermost plate, 1 inside it, ...
};

struct GraphLayout {
  QRectF bounds;
  std::vector<NodeGeometry> nodes;   // in the graph's node order
  std::vector<EdgeGeometry> edges;   // parent → child, in the graph's order
  std::vector<PlateGeometry> plates; // outer plates before the plates inside them

  const NodeGeometry* node(const std::string& name) const;
  const PlateGeometry* plate(const std::string& name) const;
};

// The point sizes the layout reserves room for; the view draws its labels at these sizes.
constexpr double kNodeFontSize = 11.0;
constexpr double kSmallFontSize = 9.0; // params, modules, factors
constexpr double kPlateFontSize = 10.0;

// The font Graphviz measures labels with (it has metrics for it without any font files), so
// the layout is the same on every machine.
constexpr const char* kLayoutFont = "Helvetica";

// Lays `graph` out. Graphviz is not thread-safe: calls are serialised on one mutex, so any
// thread may call this. Throws kiln::Error with Graphviz's message when the layout fails, and
// before starting when the graph is so large that dot would take minutes (hundreds of sites
// that each depend on the first: a long traced time series).
GraphLayout layout_graph(const lang::ModelGraph& graph);

} // namespace kiln::ui
