#pragma once
// Runs the `kiln` command line of the build as a user runs it.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace kiln::test {

struct KilnResult {
  int status;
  QString out, err;
};

// The environment every test runs `kiln` in: `kiln run` stores runs in the default project
// under XDG_DATA_HOME, so that is a temporary folder of the test process, never the user's.
inline QProcessEnvironment kiln_environment() {
  static QTemporaryDir data_home;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("XDG_DATA_HOME"), data_home.path());
  return env;
}

inline KilnResult run_kiln(const QStringList& args, int timeout_ms = 120000,
                           const QProcessEnvironment& env = kiln_environment()) {
  QProcess p;
  p.setProcessEnvironment(env);
  p.start(QStringLiteral(KILN_BINARY_DIR "/app/kiln/kiln"), args);
  if (!p.waitForFinished(timeout_ms))
    return {-1, {}, QStringLiteral("timed out")};
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2,
          QString::fromUtf8(p.readAllStandardOutput()),
          QString::fromUtf8(p.readAllStandardError())};
}

} // namespace kiln::test
