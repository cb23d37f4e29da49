// RunSettingsPanel: its defaults are the command line's (core/run's, and what `kiln run --help`
// says), edits typed into its fields change the request, the algorithm shows its own options,
// and Run / Stop follow the run controller's state.

#include <QtTest/QtTest>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>

#include "core/run/mcmc_run.h"
#include "core/run/svi_run.h"
#include "tests/support/kiln_process.h"
#include "ui/run/run_controller.h"
#include "ui/run/run_settings_panel.h"

using namespace kiln;
using namespace kiln::ui;

namespace {

// The default `kiln run --help` states for an option: "(default 4)" on its line.
QString cliDefault(const QString& help, const QString& option) {
  const QRegularExpression line(QStringLiteral("--%1 .*\\(default ([^)]+)\\)").arg(option));
  const QRegularExpressionMatch m = line.match(help);
  return m.hasMatch() ? m.captured(1) : QString();
}

// Replaces the text of a spin box as a person does: select all, type.
void typeInto(QWidget* box, const QString& text) {
  box->setFocus();
  QTest::keyClick(box, Qt::Key_A, Qt::ControlModifier);
  QTest::keyClicks(box, text);
  QTest::keyClick(box, Qt::Key_Tab);
}

} // namespace

class RunSettingsPanelTest : public QObject {
  Q_OBJECT

private slots:
  void defaultsAreTheCommandLines() {
    RunSettingsPanel panel;
    const RunRequest r = panel.request();
    const infer::mcmc::MCMCConfig mcmc = run::default_mcmc_config();
    const run::SviRunConfig svi;
    QCOMPARE(r.algorithm, QStringLiteral("nuts"));
    QCOMPARE(r.mcmc.num_chains, mcmc.num_chains);
    QCOMPARE(r.mcmc.num_warmup, mcmc.num_warmup);
    QCOMPARE(r.mcmc.num_samples, mcmc.num_samples);
    QCOMPARE(r.mcmc.kernel.max_tree_depth, mcmc.kernel.max_tree_depth);
    QCOMPARE(r.mcmc.kernel.target_accept, mcmc.kernel.target_accept);
    QCOMPARE(r.mcmc.kernel.adapt_step_size, mcmc.kernel.adapt_step_size);
    QCOMPARE(r.mcmc.kernel.adapt_mass_matrix, mcmc.kernel.adapt_mass_matrix);
    QCOMPARE(r.mcmc.kernel.step_size, mcmc.kernel.step_size);
    QCOMPARE(r.mcmc.kernel.num_steps, mcmc.kernel.num_steps);
    QCOMPARE(r.seed, mcmc.seed);
    QCOMPARE(r.svi.guide, svi.guide);
    QCOMPARE(r.svi.elbo, svi.elbo);
    QCOMPARE(r.svi.optimizer, svi.optimizer);
    QCOMPARE(r.svi.lr, svi.lr);
    QCOMPARE(r.svi.steps, svi.steps);
    QCOMPARE(r.svi.num_particles, svi.num_particles);
    QVERIFY(r.datasetName.isEmpty());

    // And what the command line says it does.
    const test::KilnResult help = test::run_kiln({"run", "--help"});
    QCOMPARE(help.status, 0);
    QCOMPARE(cliDefault(help.out, "algo"), r.algorithm);
    QCOMPARE(cliDefault(help.out, "chains").toLongLong(), r.mcmc.num_chains);
    QCOMPARE(cliDefault(help.out, "warmup").toLongLong(), r.mcmc.num_warmup);
    QCOMPARE(cliDefault(help.out, "draws").toLongLong(), r.mcmc.num_samples);
    QCOMPARE(cliDefault(help.out, "seed").toULongLong(), r.seed);
    QCOMPARE(cliDefault(help.out, "target-accept").toDouble(), r.mcmc.kernel.target_accept);
    QCOMPARE(cliDefault(help.out, "max-tree-depth").toLongLong(), r.mcmc.kernel.max_tree_depth);
    QCOMPARE(cliDefault(help.out, "guide").section(QLatin1Char(';'), 0, 0),
             QString::fromStdString(r.svi.guide));
    QCOMPARE(cliDefault(help.out, "optim"), QString::fromStdString(r.svi.optimizer));
    QCOMPARE(cliDefault(help.out, "lr").toDouble(), r.svi.lr);
    QCOMPARE(cliDefault(help.out, "steps").toLongLong(), r.svi.steps);
    QCOMPARE(cliDefault(help.out, "particles").toLongLong(), r.svi.num_particles);
    QVERIFY(help.out.contains(QStringLiteral("Trace_ELBO (default)")));
  }

  void editsChangeTheRequest() {
    RunSettingsPanel panel;
    panel.setDatasets({QStringLiteral("a.json"), QStringLiteral("b.csv")});
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));

    typeInto(panel.findChild<QSpinBox*>("chains"), QStringLiteral("2"));
    typeInto(panel.findChild<QSpinBox*>("warmup"), QStringLiteral("250"));
    typeInto(panel.findChild<QSpinBox*>("samples"), QStringLiteral("400"));
    typeInto(panel.findChild<QDoubleSpinBox*>("targetAccept"), QStringLiteral("0.95"));
    typeInto(panel.findChild<QSpinBox*>("maxTreeDepth"), QStringLiteral("6"));
    typeInto(panel.findChild<QSpinBox*>("seed"), QStringLiteral("42"));
    QTest::mouseClick(panel.findChild<QCheckBox*>("adapt"), Qt::LeftButton);
    auto* dataset = panel.findChild<QComboBox*>("dataset");
    dataset->setFocus();
    QTest::keyClick(dataset, Qt::Key_Down);
    QTest::keyClick(dataset, Qt::Key_Down);
    RunRequest r = panel.request();
    QCOMPARE(r.mcmc.num_chains, int64_t{2});
    QCOMPARE(r.mcmc.num_warmup, int64_t{250});
    QCOMPARE(r.mcmc.num_samples, int64_t{400});
    QCOMPARE(r.mcmc.kernel.target_accept, 0.95);
    QCOMPARE(r.mcmc.kernel.max_tree_depth, int64_t{6});
    QVERIFY(!r.mcmc.kernel.adapt_step_size && !r.mcmc.kernel.adapt_mass_matrix);
    QCOMPARE(r.seed, quint64{42});
    QCOMPARE(r.datasetName, QStringLiteral("b.csv"));
    QCOMPARE(panel.dataset(), QStringLiteral("b.csv"));

    // HMC: its own options, NUTS's tree depth hidden.
    auto* algorithm = panel.findChild<QComboBox*>("algorithm");
    algorithm->setFocus();
    QTest::keyClick(algorithm, Qt::Key_Down);
    QVERIFY(panel.findChild<QSpinBox*>("numSteps")->isVisible());
    QVERIFY(!panel.findChild<QSpinBox*>("maxTreeDepth")->isVisible());
    typeInto(panel.findChild<QSpinBox*>("numSteps"), QStringLiteral("16"));
    typeInto(panel.findChild<QDoubleSpinBox*>("stepSize"), QStringLiteral("0.25"));
    r = panel.request();
    QCOMPARE(r.algorithm, QStringLiteral("hmc"));
    QVERIFY(r.mcmc.algorithm == infer::mcmc::Algorithm::HMC);
    QCOMPARE(r.mcmc.kernel.num_steps, int64_t{16});
    QCOMPARE(r.mcmc.kernel.step_size, 0.25);

    // SVI: the guide, ELBO, optimizer and numbers.
    algorithm->setFocus();
    QTest::keyClick(algorithm, Qt::Key_Down);
    QVERIFY(panel.findChild<QComboBox*>("guide")->isVisible());
    QVERIFY(!panel.findChild<QSpinBox*>("chains")->isVisible());
    auto* guide = panel.findChild<QComboBox*>("guide");
    guide->setFocus();
    QTest::keyClick(guide, Qt::Key_Down); // AutoNormal -> AutoDelta
    auto* elbo = panel.findChild<QComboBox*>("elbo");
    elbo->setFocus();
    QTest::keyClick(elbo, Qt::Key_Down); // Trace_ELBO -> TraceMeanField_ELBO
    auto* optimizer = panel.findChild<QComboBox*>("optimizer");
    optimizer->setFocus();
    QTest::keyClick(optimizer, Qt::Key_Down); // adam -> clipped_adam
    typeInto(panel.findChild<QDoubleSpinBox*>("lr"), QStringLiteral("0.05"));
    typeInto(panel.findChild<QSpinBox*>("steps"), QStringLiteral("500"));
    typeInto(panel.findChild<QSpinBox*>("particles"), QStringLiteral("4"));
    r = panel.request();
    QCOMPARE(r.algorithm, QStringLiteral("svi"));
    QCOMPARE(r.svi.guide, std::string("AutoDelta"));
    QCOMPARE(r.svi.elbo, std::string("TraceMeanField_ELBO"));
    QCOMPARE(r.svi.optimizer, std::string("clipped_adam"));
    QCOMPARE(r.svi.lr, 0.05);
    QCOMPARE(r.svi.steps, int64_t{500});
    QCOMPARE(r.svi.num_particles, int64_t{4});
    QCOMPARE(r.seed, quint64{42});

    // The dataset list changes under the choice: kept while it is there, none once it is not.
    panel.setDatasets({QStringLiteral("b.csv"), QStringLiteral("c.json")});
    QCOMPARE(panel.dataset(), QStringLiteral("b.csv"));
    panel.setDatasets({QStringLiteral("c.json")});
    QVERIFY(panel.dataset().isEmpty());
  }

  void buttonsFollowTheController() {
    QTemporaryDir dir;
    RunSettingsPanel panel;
    RunController controller;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto* run = panel.findChild<QPushButton*>("run");
    auto* stop = panel.findChild<QPushButton*>("stop");
    QVERIFY(run->isEnabled() && !stop->isEnabled());

    QObject::connect(&controller, &RunController::runningChanged, &panel,
                     &RunSettingsPanel::setRunning);
    QObject::connect(&panel, &RunSettingsPanel::stopRequested, &controller, &RunController::stop);
    QObject::connect(&panel, &RunSettingsPanel::runRequested, &controller, [&] {
      RunRequest r = panel.request();
      r.projectPath = dir.filePath("p.kiln");
      r.modelName = QStringLiteral("coin");
      r.modelSource = QStringLiteral("import pyro\nimport pyro.distributions as dist\n\n"
                                     "def model():\n"
                                     "    pyro.sample(\"p\", dist.Beta(2., 2.))\n");
      controller.start(r);
    });
    QSignalSpy requested(&panel, &RunSettingsPanel::runRequested);
    QSignalSpy finished(&controller, &RunController::runFinished);
    typeInto(panel.findChild<QSpinBox*>("samples"), QStringLiteral("1000000"));
    QTest::mouseClick(run, Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    QVERIFY(controller.isRunning());
    QVERIFY(!run->isEnabled() && stop->isEnabled());
    QTest::mouseClick(run, Qt::LeftButton); // disabled: nothing happens
    QCOMPARE(requested.count(), 1);

    QTest::mouseClick(stop, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("cancelled"));
    QVERIFY(run->isEnabled() && !stop->isEnabled());
  }
};

QTEST_MAIN(RunSettingsPanelTest)
#include "run_settings_panel_test.moc"
