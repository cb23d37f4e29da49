#pragma once
// The icon of a run's status in the Project dock: running (blue), completed (green), failed
// (red), cancelled (grey), interrupted (orange); drawn, so no image files are needed.

#include <QIcon>
#include <QString>

namespace kiln::ui {

QIcon runStatusIcon(const QString& status);

} // namespace kiln::ui
