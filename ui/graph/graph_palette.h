#pragma once
// The graph's colours in one place: a fill and an outline per kind of node, and the colours of
// edges, plates, text and the selection. A stale graph (the code has errors; the graph is the
// last valid one) draws every colour as a light grey of the same brightness.

#include <QColor>

#include "core/lang/model_graph.h"

namespace kiln::ui {

struct NodeColours {
  QColor fill;
  QColor outline;
  QColor text;
};

NodeColours node_colours(lang::NodeKind kind, bool stale);

enum class GraphColour { edge, plate_outline, plate_fill, plate_text, selection };
QColor graph_colour(GraphColour which, bool stale);

// `colour` as a stale graph shows it: grey, faded towards white.
QColor stale_colour(const QColor& colour);

} // namespace kiln::ui
