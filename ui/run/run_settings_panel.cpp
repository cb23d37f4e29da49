#include "ui/run/run_settings_panel.h"

#include <limits>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "ui/common/qt_text.h"

namespace kiln::ui {

namespace {

constexpr int kMaxInt = std::numeric_limits<int>::max();

QSpinBox* spinBox(const char* name, int min, int max, int64_t value, QWidget* parent) {
  auto* box = new QSpinBox(parent);
  box->setObjectName(QLatin1String(name));
  box->setRange(min, max);
  box->setValue(static_cast<int>(value));
  return box;
}

QDoubleSpinBox* doubleBox(const char* name, double min, double max, int decimals, double step,
                          double value, QWidget* parent) {
  auto* box = new QDoubleSpinBox(parent);
  box->setObjectName(QLatin1String(name));
  box->setDecimals(decimals);
  box->setRange(min, max);
  box->setSingleStep(step);
  box->setValue(value);
  return box;
}

QComboBox* comboBox(const char* name, const std::vector<std::string>& items,
                    const std::string& current, QWidget* parent) {
  auto* box = new QComboBox(parent);
  box->setObjectName(QLatin1String(name));
  for (const auto& item : items)
    box->addItem(qt_text(item));
  box->setCurrentText(qt_text(current));
  return box;
}

} // namespace

RunSettingsPanel::RunSettingsPanel(QWidget* parent) : QWidget(parent) {
  const infer::mcmc::MCMCConfig mcmc = run::default_mcmc_config();
  const run::SviRunConfig svi;

  m_algorithm = new QComboBox(this);
  m_algorithm->setObjectName(QStringLiteral("algorithm"));
  m_algorithm->addItem(QStringLiteral("NUTS"), QStringLiteral("nuts"));
  m_algorithm->addItem(QStringLiteral("HMC"), QStringLiteral("hmc"));
  m_algorithm->addItem(QStringLiteral("SVI"), QStringLiteral("svi"));

  auto* mcmcPage = new QWidget(this);
  m_chains = spinBox("chains", 1, 64, mcmc.num_chains, mcmcPage);
  m_warmup = spinBox("warmup", 0, kMaxInt, mcmc.num_warmup, mcmcPage);
  m_samples = spinBox("samples", 1, kMaxInt, mcmc.num_samples, mcmcPage);
  m_maxTreeDepth = spinBox("maxTreeDepth", 1, 30, mcmc.kernel.max_tree_depth, mcmcPage);
  m_targetAccept =
      doubleBox("targetAccept", 0.01, 0.99, 3, 0.01, mcmc.kernel.target_accept, mcmcPage);
  m_adapt = new QCheckBox(tr("step size and mass matrix"), mcmcPage);
  m_adapt->setObjectName(QStringLiteral("adapt"));
  m_adapt->setChecked(mcmc.kernel.adapt_step_size && mcmc.kernel.adapt_mass_matrix);
  m_stepSize = doubleBox("stepSize", 1e-4, 10.0, 4, 0.01, mcmc.kernel.step_size, mcmcPage);
  m_numSteps = spinBox("numSteps", 0, 100000, mcmc.kernel.num_steps, mcmcPage);
  m_numSteps->setSpecialValueText(tr("auto (2\u03c0 / step size)"));
  m_stepSize->setToolTip(tr("The first step size; with adaptation, where its search starts"));
  m_mcmcForm = new QFormLayout(mcmcPage);
  m_mcmcForm->setContentsMargins(0, 0, 0, 0);
  m_mcmcForm->addRow(tr("Chains"), m_chains);
  m_mcmcForm->addRow(tr("Warmup"), m_warmup);
  m_mcmcForm->addRow(tr("Samples"), m_samples);
  m_mcmcForm->addRow(tr("Max tree depth"), m_maxTreeDepth);
  m_mcmcForm->addRow(tr("Target accept"), m_targetAccept);
  m_mcmcForm->addRow(tr("Adapt"), m_adapt);
  m_mcmcForm->addRow(tr("Step size"), m_stepSize);
  m_mcmcForm->addRow(tr("Leapfrog steps"), m_numSteps);

  auto* sviPage = new QWidget(this);
  m_guide = comboBox("guide", run::autoguide_names(), svi.guide, sviPage);
  m_elbo = comboBox("elbo", run::elbo_names(), svi.elbo, sviPage);
  m_optimizer = comboBox("optimizer", run::optimizer_names(), svi.optimizer, sviPage);
  m_lr = doubleBox("lr", 1e-6, 10.0, 6, 0.001, svi.lr, sviPage);
  m_steps = spinBox("steps", 1, kMaxInt, svi.steps, sviPage);
  m_particles = spinBox("particles", 1, 10000, svi.num_particles, sviPage);
  auto* sviForm = new QFormLayout(sviPage);
  sviForm->setContentsMargins(0, 0, 0, 0);
  sviForm->addRow(tr("Guide"), m_guide);
  sviForm->addRow(tr("ELBO"), m_elbo);
  sviForm->addRow(tr("Optimizer"), m_optimizer);
  sviForm->addRow(tr("Learning rate"), m_lr);
  sviForm->addRow(tr("Steps"), m_steps);
  sviForm->addRow(tr("Particles"), m_particles);

  m_pages = new QStackedWidget(this);
  m_pages->addWidget(mcmcPage);
  m_pages->addWidget(sviPage);

  m_dataset = new QComboBox(this);
  m_dataset->setObjectName(QStringLiteral("dataset"));
  setDatasets({});
  m_seed = spinBox("seed", 0, kMaxInt, static_cast<int64_t>(mcmc.seed), this);

  auto* common = new QFormLayout;
  common->addRow(tr("Algorithm"), m_algorithm);
  common->addRow(tr("Dataset"), m_dataset);
  common->addRow(tr("Seed"), m_seed);

  m_run = new QPushButton(tr("Run"), this);
  m_run->setObjectName(QStringLiteral("run"));
  m_run->setToolTip(tr("Run (F5)"));
  m_stop = new QPushButton(tr("Stop"), this);
  m_stop->setObjectName(QStringLiteral("stop"));
  m_stop->setToolTip(tr("Stop, keeping what was drawn (Shift+F5)"));
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_run);
  buttons->addWidget(m_stop);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(common);
  layout->addWidget(m_pages);
  layout->addLayout(buttons);
  layout->addStretch();

  connect(m_algorithm, &QComboBox::currentIndexChanged, this, [this] { algorithmChanged(); });
  connect(m_run, &QPushButton::clicked, this, &RunSettingsPanel::runRequested);
  connect(m_stop, &QPushButton::clicked, this, &RunSettingsPanel::stopRequested);
  algorithmChanged();
  setRunning(false);
}

void RunSettingsPanel::setDatasets(const QStringList& names) {
  const QString current = dataset();
  m_dataset->clear();
  m_dataset->addItem(tr("(no data)"), QString());
  for (const QString& name : names)
    m_dataset->addItem(name, name);
  setDataset(current);
}

QString RunSettingsPanel::dataset() const {
  return m_dataset->currentData().toString();
}

void RunSettingsPanel::setDataset(const QString& name) {
  const int index = m_dataset->findData(name);
  m_dataset->setCurrentIndex(index < 0 ? 0 : index);
}

RunRequest RunSettingsPanel::request() const {
  RunRequest request;
  request.algorithm = m_algorithm->currentData().toString();
  request.mcmc.algorithm = request.algorithm == QLatin1String("hmc") ? infer::mcmc::Algorithm::HMC
                                                                     : infer::mcmc::Algorithm::NUTS;
  request.mcmc.num_chains = m_chains->value();
  request.mcmc.num_warmup = m_warmup->value();
  request.mcmc.num_samples = m_samples->value();
  request.mcmc.kernel.max_tree_depth = m_maxTreeDepth->value();
  request.mcmc.kernel.target_accept = m_targetAccept->value();
  request.mcmc.kernel.adapt_step_size = m_adapt->isChecked();
  request.mcmc.kernel.adapt_mass_matrix = m_adapt->isChecked();
  request.mcmc.kernel.step_size = m_stepSize->value();
  request.mcmc.kernel.num_steps = m_numSteps->value();
  request.svi.guide = utf8_text(m_guide->currentText());
  request.svi.elbo = utf8_text(m_elbo->currentText());
  request.svi.optimizer = utf8_text(m_optimizer->currentText());
  request.svi.lr = m_lr->value();
  request.svi.steps = m_steps->value();
  request.svi.num_particles = m_particles->value();
  request.datasetName = dataset();
  request.seed = static_cast<quint64>(m_seed->value());
  request.mcmc.seed = request.seed;
  request.svi.seed = request.seed;
  return request;
}

void RunSettingsPanel::setRunning(bool running) {
  m_run->setEnabled(!running);
  m_stop->setEnabled(running);
}

void RunSettingsPanel::algorithmChanged() {
  const QString algorithm = m_algorithm->currentData().toString();
  const bool svi = algorithm == QLatin1String("svi");
  m_pages->setCurrentIndex(svi ? 1 : 0);
  m_mcmcForm->setRowVisible(m_maxTreeDepth, algorithm == QLatin1String("nuts"));
  m_mcmcForm->setRowVisible(m_numSteps, algorithm == QLatin1String("hmc"));
}

} // namespace kiln::ui
