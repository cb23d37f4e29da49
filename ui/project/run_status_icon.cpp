#include "ui/project/run_status_icon.h"

#include <QPainter>
#include <QPixmap>

namespace kiln::ui {

namespace {

QColor statusColor(const QString& status) {
  if (status == "running")
    return QColor(0x30, 0x70, 0xd0);
  if (status == "completed")
    return QColor(0x30, 0xa0, 0x40);
  if (status == "failed")
    return QColor(0xd0, 0x30, 0x30);
  if (status == "interrupted")
    return QColor(0xe0, 0x90, 0x20);
  return QColor(0x90, 0x90, 0x90); // cancelled, and anything a newer Kiln may write
}

} // namespace

QIcon runStatusIcon(const QString& status) {
  QPixmap pixmap(16, 16);
  pixmap.fill(Qt::transparent);
  QPainter painter(&pixmap);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(Qt::NoPen);
  painter.setBrush(statusColor(status));
  if (status == "running")
    painter.drawPie(QRectF(2, 2, 12, 12), 90 * 16, -270 * 16); // a dial, not yet full
  else
    painter.drawEllipse(QRectF(3, 3, 10, 10));
  return QIcon(pixmap);
}

} // namespace kiln::ui
