// dist::ValidationScope: a per-thread override of the global validation switch, as a sampler's
// potential uses it; the checks it turns off are the ones enable_validation(false) turns off.
#include <cmath>
#include <thread>

#include <QtTest/QtTest>

#include "core/dist/continuous/normal.h"
#include "core/dist/validation.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;

class ValidationScopeTest : public QObject {
  Q_OBJECT
private slots:
  void init() { test::reset(); }
  void cleanup() { dist::enable_validation(true); }

  void scopeOverridesTheGlobalSwitchAndNests() {
    QVERIFY(dist::is_validation_enabled());
    {
      dist::ValidationScope off(false);
      QVERIFY(!dist::is_validation_enabled());
      {
        dist::ValidationScope on(true);
        QVERIFY(dist::is_validation_enabled());
      }
      QVERIFY(!dist::is_validation_enabled());
      dist::enable_validation(true); // the scope wins over the global switch
      QVERIFY(!dist::is_validation_enabled());
    }
    QVERIFY(dist::is_validation_enabled());
    dist::enable_validation(false);
    {
      dist::ValidationScope on(true);
      QVERIFY(dist::is_validation_enabled());
    }
    QVERIFY(!dist::is_validation_enabled());
  }

  void scopeTurnsTheChecksOff() {
    QVERIFY_THROWS_EXCEPTION(DomainError, dist::Normal(0., -1.));
    dist::ValidationScope off(false);
    const dist::Normal bad(0., -1.); // no check: log_prob is nan, which a sampler rejects
    QVERIFY(std::isnan(bad.log_prob(test::T(0.5)).item<double>()));
  }

  void otherThreadsKeepTheGlobalSetting() {
    dist::ValidationScope off(false);
    bool other = false;
    std::thread t([&] { other = dist::is_validation_enabled(); });
    t.join();
    QVERIFY(other);
    QVERIFY(!dist::is_validation_enabled());
  }
};

QTEST_GUILESS_MAIN(ValidationScopeTest)
#include "validation_scope_test.moc"
