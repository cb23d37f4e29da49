#pragma once
// One look for every diagnostics plot: the same chain colours in traces, ranks and
// autocorrelations (so chain 2 is the same colour everywhere), quiet grids, and room for titles.

#include <QColor>

class QCustomPlot;

namespace kiln::ui {

// A colour per chain, told apart also in grey (ArviZ's default cycle, colour-blind safe).
QColor chainColor(int chain);
// The colour of the second run when two are compared.
QColor comparisonColor();

// Fonts, grids, interactions (drag and zoom along x) and fast drawing hints of a diagnostics
// plot.
void applyPlotStyle(QCustomPlot& plot);

} // namespace kiln::ui
