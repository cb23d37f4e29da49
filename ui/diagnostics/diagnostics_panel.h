#pragma once
// The diagnostics area of the workbench: a parameter picker and per-chain progress beside tabs of
// plots (trace, posterior, rank, autocorrelation, summary; the ELBO for SVI). showRun() reads a
// run from its project; while the run is running, the run's model refreshes ten times a second
// and every view adds what is new; an old run shows exactly what it stored. compareWith()
// overlays a second run's ELBO and puts its posterior beside the first.

#include <QString>
#include <QWidget>

class QCheckBox;
class QLabel;
class QTabWidget;

namespace kiln::ui {

class AutocorrPlot;
class ChainProgress;
class ElboPlot;
class ParameterPicker;
class PosteriorPlot;
class RankPlot;
class RunModel;
class SummaryTable;
class TracePlot;
struct Quantity;

class DiagnosticsPanel : public QWidget {
  Q_OBJECT
public:
  explicit DiagnosticsPanel(QWidget* parent = nullptr);
  ~DiagnosticsPanel() override;

  // Shows run `runId` of the project; a missing run or a bad file shows its message instead.
  void showRun(const QString& projectPath, qint64 runId);
  // Compares the shown run with another run of the same project.
  void compareWith(qint64 otherRunId);
  void stopComparing();
  // Whether the shown run is being followed live.
  bool isLive() const;

  enum Tab { Trace, Posterior, Rank, Autocorrelation, Summary, Elbo };
  void setCurrentTab(Tab tab);

  RunModel* model() const { return m_model; }
  RunModel* comparisonModel() const { return m_other; }
  ParameterPicker* picker() const { return m_picker; }
  ChainProgress* chainProgress() const { return m_progress; }
  TracePlot* tracePlot() const { return m_trace; }
  // 0: the shown run's, 1: the compared run's.
  PosteriorPlot* posteriorPlot(int run = 0) const { return m_posterior[run]; }
  RankPlot* rankPlot() const { return m_rank; }
  AutocorrPlot* autocorrPlot() const { return m_autocorr; }
  SummaryTable* summaryTable() const { return m_summary; }
  ElboPlot* elboPlot() const { return m_elbo; }
  QTabWidget* tabs() const { return m_tabs; }
  QLabel* messageLabel() const { return m_message; }

signals:
  // The shown run stopped running.
  void runFinished();

private:
  void quantityChosen(const Quantity& quantity);
  void matchComparisonQuantity();
  void runKindKnown();
  void alignPosteriorRanges();
  void showMessage(const QString& text);

  RunModel* m_model;
  RunModel* m_other;
  ParameterPicker* m_picker;
  ChainProgress* m_progress;
  QTabWidget* m_tabs;
  TracePlot* m_trace;
  PosteriorPlot* m_posterior[2];
  QWidget* m_posteriorColumns[2];
  QLabel* m_posteriorTitles[2];
  RankPlot* m_rank;
  AutocorrPlot* m_autocorr;
  SummaryTable* m_summary;
  ElboPlot* m_elbo;
  QCheckBox* m_logScale;
  QLabel* m_message;
};

} // namespace kiln::ui
