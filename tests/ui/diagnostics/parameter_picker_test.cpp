// The picker lists latent and deterministic sites (and sampler statistics when asked), pages a
// 25-element vector ten at a time, and selects a quantity on the page it lies on.
#include "ui/common/tensor.h" // first: Qt's `slots` macro meets ATen otherwise

#include <QtTest/QtTest>

#include <QCheckBox>
#include <QTemporaryDir>
#include <QTreeWidget>

#include "tests/support/stored_runs.h"
#include "ui/diagnostics/parameter_picker.h"
#include "ui/diagnostics/run_model.h"

using namespace kiln;
using namespace kiln::ui;

class ParameterPickerTest : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  RunModel m_model;
  int64_t m_id = 0;

  QStringList thetas(int from, int to) {
    QStringList names;
    for (int i = from; i < to; ++i)
      names << QString("theta[%1]").arg(i);
    return names;
  }

private slots:
  void initTestCase() {
    test::StoredMcmc spec;
    spec.elements = 25;
    spec.samples = 20;
    spec.warmup = 0;
    spec.chains = 2;
    const QString project = m_dir.filePath("picker.kiln");
    m_id = test::write_mcmc_run(project.toStdString(), spec);
    QSignalSpy updated(&m_model, &RunModel::updated);
    m_model.open(project, m_id);
    QVERIFY(updated.wait(10000));
  }

  void filtersLatentDeterministicAndStatistics() {
    ParameterPicker picker;
    picker.setModel(&m_model);
    QCOMPARE(picker.listedNames(), QStringList{"mu"} + thetas(0, 10) + QStringList{"det"});
    QCOMPARE(QString::fromStdString(picker.current().name), QString("mu")); // the first
    picker.setKindShown(QuantityKind::Latent, false);
    QCOMPARE(picker.listedNames(), QStringList{"det"});
    QCOMPARE(QString::fromStdString(picker.current().name), QString("det"));
    picker.kindBox(QuantityKind::SamplerStat)->click(); // as a person would
    QCOMPARE(picker.listedNames(),
             (QStringList{"det", "lp__", "accept_stat__", "stepsize__", "treedepth__",
                          "n_leapfrog__", "divergent__", "energy__"}));
    picker.setKindShown(QuantityKind::Deterministic, false);
    QVERIFY(!picker.select("det"));
    QVERIFY(picker.select("divergent__"));
    QVERIFY(picker.current().kind == QuantityKind::SamplerStat);
  }

  void pagesThroughAVector() {
    ParameterPicker picker;
    picker.setModel(&m_model);
    QCOMPARE(picker.pageCount("theta"), 3);
    QCOMPARE(picker.pageCount("mu"), 1);
    QSignalSpy selected(&picker, &ParameterPicker::quantitySelected);
    picker.setPage("theta", 1);
    QCOMPARE(picker.listedNames(), QStringList{"mu"} + thetas(10, 20) + QStringList{"det"});
    QCOMPARE(QString::fromStdString(picker.current().name), QString("theta[10]"));
    QCOMPARE(selected.count(), 1);
    picker.setPage("theta", 2);
    QCOMPARE(picker.listedNames(), QStringList{"mu"} + thetas(20, 25) + QStringList{"det"});
    picker.setPage("theta", 7); // clamped to the last page
    QCOMPARE(picker.page("theta"), 2);
    // selecting an element on another page turns to it
    QVERIFY(picker.select("theta[3]"));
    QCOMPARE(picker.page("theta"), 0);
    QCOMPARE(picker.current().element, int64_t(3));
    QCOMPARE(picker.current().column, int64_t(4));
    // and the selection survives a filter change that keeps it listed
    picker.setKindShown(QuantityKind::SamplerStat, true);
    QCOMPARE(QString::fromStdString(picker.current().name), QString("theta[3]"));
  }

  void clickingAnItemSelectsIt() {
    ParameterPicker picker;
    picker.setModel(&m_model);
    picker.resize(300, 500);
    picker.show();
    QVERIFY(QTest::qWaitForWindowExposed(&picker));
    QSignalSpy selected(&picker, &ParameterPicker::quantitySelected);
    QTreeWidgetItem* theta = picker.tree()->topLevelItem(1);
    QTreeWidgetItem* five = theta->child(5);
    const QRect rect = picker.tree()->visualItemRect(five);
    QTest::mouseClick(picker.tree()->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(selected.count(), 1);
    QCOMPARE(QString::fromStdString(picker.current().name), QString("theta[5]"));
  }
};

QTEST_MAIN(ParameterPickerTest)
#include "parameter_picker_test.moc"
