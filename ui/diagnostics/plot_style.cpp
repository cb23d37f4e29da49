#include "ui/diagnostics/plot_style.h"

#include <qcustomplot.h>

namespace kiln::ui {

QColor chainColor(int chain) {
  static const QColor colors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e),
                                  QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28),
                                  QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                  QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f)};
  return colors[chain % 8];
}

QColor comparisonColor() {
  return QColor(0xd6, 0x27, 0x28);
}

void applyPlotStyle(QCustomPlot& plot) {
  plot.setBackground(Qt::white);
  plot.setNoAntialiasingOnDrag(true);
  // Long traces redrawn ten times a second: polylines drawn in one call, labels cached.
  plot.setPlottingHints(QCP::phFastPolylines | QCP::phCacheLabels);
  plot.setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot.axisRect()->setRangeDrag(Qt::Horizontal);
  plot.axisRect()->setRangeZoom(Qt::Horizontal);
  const QColor grid(0xe4, 0xe4, 0xe4);
  for (QCPAxis* axis : {plot.xAxis, plot.yAxis}) {
    axis->grid()->setPen(QPen(grid, 0));
    axis->grid()->setZeroLinePen(Qt::NoPen);
    axis->setBasePen(QPen(QColor(0x88, 0x88, 0x88), 0));
    axis->setTickPen(QPen(QColor(0x88, 0x88, 0x88), 0));
    axis->setSubTickPen(Qt::NoPen);
    axis->setTickLabelColor(QColor(0x44, 0x44, 0x44));
    axis->setLabelColor(QColor(0x33, 0x33, 0x33));
  }
  plot.legend->setBrush(QColor(255, 255, 255, 220));
  plot.legend->setBorderPen(QPen(QColor(0xcc, 0xcc, 0xcc), 0));
  QFont small = plot.font();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  plot.legend->setFont(small);
}

} // namespace kiln::ui
