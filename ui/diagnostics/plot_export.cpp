#include "ui/diagnostics/plot_export.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSvgGenerator>

#include <qcustomplot.h>

namespace kiln::ui {

namespace {

// QCustomPlot draws into any paint device through its own painter; SVG is one more device.
bool saveSvg(QCustomPlot& plot, const QString& path, int width, int height) {
  QSvgGenerator svg;
  svg.setFileName(path);
  svg.setSize(QSize(width, height));
  svg.setViewBox(QRect(0, 0, width, height));
  svg.setTitle(plot.objectName());
  QCPPainter painter;
  if (!painter.begin(&svg))
    return false;
  plot.toPainter(&painter, width, height);
  return painter.end();
}

void askAndExport(QCustomPlot& plot, PlotFormat format) {
  static const char* filters[] = {"PNG image (*.png)", "SVG drawing (*.svg)",
                                  "PDF document (*.pdf)"};
  static const char* suffixes[] = {"png", "svg", "pdf"};
  const int f = static_cast<int>(format);
  const QString name = plot.objectName().isEmpty() ? QStringLiteral("plot") : plot.objectName();
  QString path = QFileDialog::getSaveFileName(&plot, QObject::tr("Export plot"),
                                              name + "." + suffixes[f], QObject::tr(filters[f]));
  if (path.isEmpty())
    return;
  if (QFileInfo(path).suffix().isEmpty())
    path += QStringLiteral(".") + suffixes[f];
  QString error;
  if (!exportPlot(plot, path, &error))
    QMessageBox::warning(&plot, QObject::tr("Export plot"), error);
}

} // namespace

bool plotFormatOf(const QString& path, PlotFormat* format) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == "png")
    *format = PlotFormat::Png;
  else if (suffix == "svg")
    *format = PlotFormat::Svg;
  else if (suffix == "pdf")
    *format = PlotFormat::Pdf;
  else
    return false;
  return true;
}

bool exportPlot(QCustomPlot& plot, const QString& path, QString* error, int width, int height) {
  PlotFormat format;
  if (!plotFormatOf(path, &format)) {
    *error = QObject::tr("'%1': a plot is exported as .png, .svg or .pdf").arg(path);
    return false;
  }
  if (width <= 0 || height <= 0) {
    width = std::max(plot.width(), 200);
    height = std::max(plot.height(), 150);
  }
  bool ok = false;
  switch (format) {
  case PlotFormat::Png:
    ok = plot.savePng(path, width, height);
    break;
  case PlotFormat::Svg:
    ok = saveSvg(plot, path, width, height);
    break;
  case PlotFormat::Pdf:
    ok = plot.savePdf(path, width, height);
    break;
  }
  if (!ok)
    *error = QObject::tr("cannot write the plot to '%1'").arg(path);
  return ok;
}

void addExportMenu(QCustomPlot& plot) {
  plot.setContextMenuPolicy(Qt::ActionsContextMenu);
  const char* texts[] = {"Export as PNG…", "Export as SVG…", "Export as PDF…"};
  for (PlotFormat format : {PlotFormat::Png, PlotFormat::Svg, PlotFormat::Pdf}) {
    auto* action = new QAction(QObject::tr(texts[static_cast<int>(format)]), &plot);
    QObject::connect(action, &QAction::triggered, &plot,
                     [&plot, format] { askAndExport(plot, format); });
    plot.addAction(action);
  }
}

} // namespace kiln::ui
