#pragma once
// Saving a plot as a picture: PNG for slides, SVG and PDF as vectors for papers. The format is
// the file's suffix. Every diagnostics plot gets the same right-click menu through
// addExportMenu, so a figure can be saved from wherever it is shown.

#include <QString>

class QCustomPlot;

namespace kiln::ui {

enum class PlotFormat { Png, Svg, Pdf };

// The format a file name asks for: .png, .svg or .pdf, any case; false for anything else.
bool plotFormatOf(const QString& path, PlotFormat* format);

// Writes `plot` at its current size (or width x height when both are given). False with a
// message in `error` when the suffix is not one of the three or the file cannot be written.
bool exportPlot(QCustomPlot& plot, const QString& path, QString* error, int width = 0,
                int height = 0);

// Right-click actions on `plot`, "Export as PNG / SVG / PDF…", each asking for a file name.
void addExportMenu(QCustomPlot& plot);

} // namespace kiln::ui
