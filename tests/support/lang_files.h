#pragma once
// The language tests' data: tests/lang/good and tests/lang/bad in the source tree.

#include <QDir>
#include <QStringList>

#include <fstream>
#include <sstream>
#include <string>

namespace kiln::test {

inline QString lang_dir(const char* which) {
  return QStringLiteral(KILN_SOURCE_DIR "/tests/lang/") + QLatin1String(which);
}

// The *.py files of a folder, sorted, as full paths.
inline QStringList lang_files(const char* which) {
  QDir dir(lang_dir(which));
  QStringList paths;
  for (const QString& name : dir.entryList({"*.py"}, QDir::Files, QDir::Name))
    paths << dir.filePath(name);
  return paths;
}

inline std::string read_file(const QString& path) {
  std::ifstream in(path.toStdString(), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace kiln::test
