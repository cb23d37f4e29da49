#include "ui/diagnostics/diagnostics_panel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include "ui/common/qt_text.h"
#include "ui/diagnostics/autocorr_plot.h"
#include "ui/diagnostics/chain_progress.h"
#include "ui/diagnostics/elbo_plot.h"
#include "ui/diagnostics/parameter_picker.h"
#include "ui/diagnostics/plot_style.h"
#include "ui/diagnostics/posterior_plot.h"
#include "ui/diagnostics/rank_plot.h"
#include "ui/diagnostics/run_model.h"
#include "ui/diagnostics/summary_table.h"
#include "ui/diagnostics/trace_plot.h"

namespace kiln::ui {

DiagnosticsPanel::DiagnosticsPanel(QWidget* parent)
    : QWidget(parent), m_model(new RunModel(this)), m_other(new RunModel(this)) {
  m_picker = new ParameterPicker;
  m_picker->setModel(m_model);
  m_progress = new ChainProgress;
  m_progress->setModel(m_model);
  auto* side = new QSplitter(Qt::Vertical);
  side->addWidget(m_picker);
  side->addWidget(m_progress);
  side->setStretchFactor(0, 3);
  side->setStretchFactor(1, 1);

  m_trace = new TracePlot;
  m_trace->setModel(m_model);
  auto* posteriors = new QWidget;
  auto* row = new QHBoxLayout(posteriors);
  row->setContentsMargins(0, 0, 0, 0);
  const RunModel* models[] = {m_model, m_other};
  for (int r = 0; r < 2; ++r) {
    m_posteriorColumns[r] = new QWidget;
    auto* column = new QVBoxLayout(m_posteriorColumns[r]);
    column->setContentsMargins(0, 0, 0, 0);
    m_posteriorTitles[r] = new QLabel;
    m_posteriorTitles[r]->setAlignment(Qt::AlignCenter);
    m_posterior[r] = new PosteriorPlot;
    m_posterior[r]->setModel(models[r]);
    connect(m_posterior[r], &PosteriorPlot::recomputed, this,
            &DiagnosticsPanel::alignPosteriorRanges);
    column->addWidget(m_posteriorTitles[r]);
    column->addWidget(m_posterior[r], 1);
    row->addWidget(m_posteriorColumns[r], 1);
  }
  m_posterior[1]->setObjectName("posterior-compared");
  m_posterior[1]->setColor(comparisonColor());
  m_posteriorColumns[1]->hide();
  m_posteriorTitles[0]->hide();
  m_rank = new RankPlot;
  m_rank->setModel(m_model);
  m_autocorr = new AutocorrPlot;
  m_autocorr->setModel(m_model);
  m_summary = new SummaryTable;
  m_summary->setModel(m_model);
  m_elbo = new ElboPlot;
  m_elbo->setModel(m_model);
  auto* elboTab = new QWidget;
  auto* elboLayout = new QVBoxLayout(elboTab);
  elboLayout->setContentsMargins(0, 0, 0, 0);
  m_logScale = new QCheckBox(tr("Log scale"));
  connect(m_logScale, &QCheckBox::toggled, m_elbo, &ElboPlot::setLogScale);
  connect(m_elbo, &ElboPlot::logScaleChanged, m_logScale, [this](bool on) {
    const QSignalBlocker block(m_logScale);
    m_logScale->setChecked(on);
  });
  elboLayout->addWidget(m_logScale, 0, Qt::AlignRight);
  elboLayout->addWidget(m_elbo, 1);

  m_tabs = new QTabWidget;
  m_tabs->setDocumentMode(true);
  m_tabs->insertTab(Trace, m_trace, tr("Trace"));
  m_tabs->insertTab(Posterior, posteriors, tr("Posterior"));
  m_tabs->insertTab(Rank, m_rank, tr("Rank"));
  m_tabs->insertTab(Autocorrelation, m_autocorr, tr("Autocorrelation"));
  m_tabs->insertTab(Summary, m_summary, tr("Summary"));
  m_tabs->insertTab(Elbo, elboTab, tr("ELBO"));

  m_message = new QLabel;
  m_message->setWordWrap(true);
  m_message->setTextFormat(Qt::PlainText);
  m_message->setStyleSheet("background: #fdecea; color: #8c1d18; padding: 6px;");
  m_message->hide();

  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(side);
  split->addWidget(m_tabs);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({220, 900});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_message);
  layout->addWidget(split, 1);

  connect(m_picker, &ParameterPicker::quantitySelected, this, &DiagnosticsPanel::quantityChosen);
  connect(m_model, &RunModel::failed, this, &DiagnosticsPanel::showMessage);
  connect(m_other, &RunModel::failed, this, &DiagnosticsPanel::showMessage);
  connect(m_model, &RunModel::updated, this, &DiagnosticsPanel::runKindKnown);
  connect(m_model, &RunModel::finished, this, &DiagnosticsPanel::runFinished);
  connect(m_other, &RunModel::updated, this, &DiagnosticsPanel::matchComparisonQuantity);
  runKindKnown();
}

DiagnosticsPanel::~DiagnosticsPanel() = default;

void DiagnosticsPanel::showRun(const QString& projectPath, qint64 runId) {
  m_message->hide();
  stopComparing();
  m_model->open(projectPath, runId);
}

void DiagnosticsPanel::compareWith(qint64 otherRunId) {
  if (!m_model->isOpen())
    return;
  m_other->open(m_model->projectPath(), otherRunId);
  m_elbo->setComparison(m_other);
  m_posteriorColumns[1]->show();
  m_posteriorTitles[0]->setText(tr("run %1").arg(m_model->runId()));
  m_posteriorTitles[1]->setText(tr("run %1").arg(otherRunId));
  m_posteriorTitles[0]->show();
  matchComparisonQuantity();
}

void DiagnosticsPanel::stopComparing() {
  m_other->close();
  m_elbo->setComparison(nullptr);
  m_posteriorColumns[1]->hide();
  m_posteriorTitles[0]->hide();
}

bool DiagnosticsPanel::isLive() const {
  return m_model->isLive();
}

void DiagnosticsPanel::setCurrentTab(Tab tab) {
  m_tabs->setCurrentIndex(tab);
}

void DiagnosticsPanel::quantityChosen(const Quantity& quantity) {
  m_trace->setQuantity(quantity);
  m_posterior[0]->setQuantity(quantity);
  m_rank->setQuantity(quantity);
  m_autocorr->setQuantity(quantity);
  matchComparisonQuantity();
}

// The compared run shows the quantity of the same name, once its layout is known.
void DiagnosticsPanel::matchComparisonQuantity() {
  if (!m_other->isOpen())
    return;
  const Quantity wanted = m_other->data().quantity(m_picker->current().name);
  if (!(wanted == m_posterior[1]->quantity()) || wanted.name != m_posterior[1]->quantity().name)
    m_posterior[1]->setQuantity(wanted);
}

// SVI runs have one chain of independent draws: their tab is the ELBO, and the chain plots go.
void DiagnosticsPanel::runKindKnown() {
  const bool open = m_model->isOpen() && !m_model->data().info().algorithm.empty();
  const bool mcmc = m_model->data().isMcmc();
  const bool wasElbo = m_tabs->isTabVisible(Elbo);
  m_tabs->setTabVisible(Trace, !open || mcmc);
  m_tabs->setTabVisible(Rank, !open || mcmc);
  m_tabs->setTabVisible(Autocorrelation, !open || mcmc);
  m_tabs->setTabVisible(Elbo, open && !mcmc);
  if (open && !mcmc && !wasElbo)
    m_tabs->setCurrentIndex(Elbo);
}

// Side by side, two posteriors share their x axis, so that a shift between runs is seen.
void DiagnosticsPanel::alignPosteriorRanges() {
  if (!m_other->isOpen())
    return;
  const QCPRange a = m_posterior[0]->dataRange(), b = m_posterior[1]->dataRange();
  if (a.size() <= 0 || b.size() <= 0)
    return;
  const QCPRange both(std::min(a.lower, b.lower), std::max(a.upper, b.upper));
  for (PosteriorPlot* plot : m_posterior) {
    plot->xAxis->setRange(both);
    plot->replot(QCustomPlot::rpQueuedReplot);
  }
}

void DiagnosticsPanel::showMessage(const QString& text) {
  m_message->setText(text);
  m_message->show();
}

} // namespace kiln::ui
