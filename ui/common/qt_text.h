#pragma once
// The one place where core's UTF-8 std::string meets Qt's QString, so that model names, file
// paths and error messages with non-ASCII characters survive the round trip.
#include <exception>
#include <string>

#include <QString>

namespace kiln::ui {

QString qt_text(const std::string& utf8);
std::string utf8_text(const QString& text);
// What a user is shown for an exception that reached the UI boundary: core's messages already
// say where and what; anything else is named as unexpected so it is reported, not hidden.
QString error_message(const std::exception& error);

} // namespace kiln::ui
