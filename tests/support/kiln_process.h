#pragma once
// Runs the `kiln` command line of the build as a user runs it.

#include <QProcess>
#include <QString>
#include <QStringList>

namespace kiln::test {

struct KilnResult {
  int status;
  QString out, err;
};

inline KilnResult run_kiln(const QStringList& args, int timeout_ms = 120000) {
  QProcess p;
  p.start(QStringLiteral(KILN_BINARY_DIR "/app/kiln/kiln"), args);
  if (!p.waitForFinished(timeout_ms))
    return {-1, {}, QStringLiteral("timed out")};
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2,
          QString::fromUtf8(p.readAllStandardOutput()),
          QString::fromUtf8(p.readAllStandardError())};
}

} // namespace kiln::test
