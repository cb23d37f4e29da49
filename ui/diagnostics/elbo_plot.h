#pragma once
// The loss (minus the ELBO) of an SVI run per step: the raw values, noisy by nature, and a
// trailing mean that shows the trend; on a log axis when asked (and when every loss is
// positive). A second run can be overlaid to compare two fits. Only the steps not yet shown are
// added on each update, so a long live run stays cheap to follow.

#include <qcustomplot.h>

namespace kiln::ui {

class RunModel;

class ElboPlot : public QCustomPlot {
  Q_OBJECT
public:
  explicit ElboPlot(QWidget* parent = nullptr);

  void setModel(const RunModel* model);
  // A second run drawn over the first in another colour; nullptr for none.
  void setComparison(const RunModel* model);

  // Steps in the trailing mean (at least 1); the smoothed value at step i averages the raw
  // losses of steps i - window + 1 .. i that exist.
  void setSmoothingWindow(int steps);
  int smoothingWindow() const { return m_window; }

  // Log scale on the loss axis; refused (stays linear) while some loss is not positive.
  void setLogScale(bool on);
  bool logScale() const;
  bool logScaleAvailable() const;

  // 0: the run, 1: the comparison; null when that run is not set.
  QCPGraph* rawGraph(int run = 0) const { return m_series[run].raw; }
  QCPGraph* smoothedGraph(int run = 0) const { return m_series[run].smoothed; }

signals:
  void logScaleChanged(bool on);

private:
  struct Series {
    const RunModel* model = nullptr;
    QCPGraph* raw = nullptr;
    QCPGraph* smoothed = nullptr;
    size_t shown = 0;     // losses already in the graphs
    double windowSum = 0; // of the last `m_window` shown losses
    bool allPositive = true;
    QMetaObject::Connection onReset, onUpdate;
  };

  void attach(int run, const RunModel* model);
  void clearSeries(Series& s);
  void addNew(Series& s);
  void rescale();

  Series m_series[2];
  int m_window = 50;
  QAction* m_logAction = nullptr;
};

} // namespace kiln::ui
