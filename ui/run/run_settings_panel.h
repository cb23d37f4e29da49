#pragma once
// The Run settings dock's widget: the algorithm (NUTS, HMC, SVI) and its options, the dataset
// and the seed, with Run and Stop. Every field starts at the default `kiln run` uses (core/run's
// default_mcmc_config() and SviRunConfig), so the workbench and the command line run the same
// thing. The panel runs nothing itself: its buttons emit runRequested / stopRequested (as the
// main window's F5 / Shift+F5 do), whoever owns the run controller answers with request(), and
// setRunning() follows the controller's state.
#include <QStringList>
#include <QWidget>

#include "ui/run/run_request.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace kiln::ui {

class RunSettingsPanel : public QWidget {
  Q_OBJECT

public:
  explicit RunSettingsPanel(QWidget* parent = nullptr);

  // The datasets the model may run on (the project's), by name; "(no data)" comes first.
  void setDatasets(const QStringList& names);
  // The chosen dataset's name; empty for none.
  QString dataset() const;
  void setDataset(const QString& name);

  // A request with the algorithm, its settings, the seed and the dataset's name from the
  // fields; the owner adds the project, the model's text and the dataset's content.
  RunRequest request() const;

public slots:
  // Run is enabled while nothing runs, Stop while something does.
  void setRunning(bool running);

signals:
  void runRequested();
  void stopRequested();

private:
  void algorithmChanged();

  QComboBox* m_algorithm;
  QStackedWidget* m_pages;
  QFormLayout* m_mcmcForm;
  QSpinBox* m_chains;
  QSpinBox* m_warmup;
  QSpinBox* m_samples;
  QSpinBox* m_maxTreeDepth;
  QDoubleSpinBox* m_targetAccept;
  QCheckBox* m_adapt;
  QDoubleSpinBox* m_stepSize;
  QSpinBox* m_numSteps;
  QComboBox* m_guide;
  QComboBox* m_elbo;
  QComboBox* m_optimizer;
  QDoubleSpinBox* m_lr;
  QSpinBox* m_steps;
  QSpinBox* m_particles;
  QComboBox* m_dataset;
  QSpinBox* m_seed;
  QPushButton* m_run;
  QPushButton* m_stop;
};

} // namespace kiln::ui
