#include "ui/common/qt_text.h"

#include <QByteArray>

#include "core/util/error.h"

namespace kiln::ui {

QString qt_text(const std::string& utf8) {
  return QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size()));
}

std::string utf8_text(const QString& text) {
  const QByteArray bytes = text.toUtf8();
  return std::string(bytes.constData(), static_cast<size_t>(bytes.size()));
}

QString error_message(const std::exception& error) {
  if (dynamic_cast<const kiln::Error*>(&error))
    return qt_text(error.what());
  return QStringLiteral("unexpected error: %1").arg(qt_text(error.what()));
}

} // namespace kiln::ui
