#pragma once
// Golden files: output compared exactly with a checked-in .expected file. Running the tests
// with KILN_ACCEPT=1 rewrites the files from the current output instead, to be reviewed with
// git diff.

#include <QFile>
#include <QString>
#include <QtTest/QtTest>

#include <string>

#include "tests/support/lang_files.h"

namespace kiln::test {

// `path` with its .py ending replaced by .expected.
inline QString expected_path(const QString& path) {
  return path.left(path.size() - 3) + ".expected";
}

// Compares (or with KILN_ACCEPT=1, writes); a mismatch fails the current test.
inline void compare_golden(const std::string& actual, const QString& expected_file) {
  if (qEnvironmentVariableIntValue("KILN_ACCEPT") == 1) {
    QFile out(expected_file);
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(actual.data(), static_cast<qint64>(actual.size()));
    return;
  }
  QVERIFY2(QFile::exists(expected_file),
           qPrintable("missing " + expected_file + " (run with KILN_ACCEPT=1)"));
  QCOMPARE(QString::fromStdString(actual), QString::fromStdString(read_file(expected_file)));
}

} // namespace kiln::test
