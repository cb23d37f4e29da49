#include <QtTest/QtTest>

#include <stdexcept>

#include "core/util/error.h"
#include "ui/common/qt_text.h"

using namespace kiln::ui;

class QtTextTest : public QObject {
  Q_OBJECT
private slots:
  void round_trips_non_ascii_names() {
    const std::string name = "σ_prior/ünïcode 模型";
    QCOMPARE(utf8_text(qt_text(name)), name);
    QCOMPARE(qt_text(name).size(), 18);
  }
  void core_errors_are_shown_as_they_are() {
    QCOMPARE(error_message(kiln::Error("model.py:3: bad")), QString("model.py:3: bad"));
    QCOMPARE(error_message(std::runtime_error("boom")), QString("unexpected error: boom"));
  }
};

QTEST_MAIN(QtTextTest)
#include "qt_text_test.moc"
