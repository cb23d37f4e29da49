#pragma once
// Which quantity the plots show: the run's sites as a tree, filtered to latent sites,
// deterministic ones and sampler statistics (lp__, divergent__, ...), a vector site's elements
// listed a page at a time (theta[0..9], then the next page) so a site of thousands stays
// usable. Selecting an element, or a scalar, emits quantitySelected.

#include <QString>
#include <QStringList>
#include <QWidget>

#include <map>
#include <string>

#include "ui/diagnostics/run_data.h"

class QCheckBox;
class QLabel;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace kiln::ui {

class RunModel;

class ParameterPicker : public QWidget {
  Q_OBJECT
public:
  explicit ParameterPicker(QWidget* parent = nullptr);

  void setModel(const RunModel* model);

  // Latent and deterministic sites are listed at first, sampler statistics not.
  void setKindShown(QuantityKind kind, bool shown);
  bool kindShown(QuantityKind kind) const;

  void setPageSize(int elements);
  int pageSize() const { return m_pageSize; }
  // Lists page `page` (0-based, clamped to the pages there are) of vector site `site`'s
  // elements and selects its first element.
  void setPage(const QString& site, int page);
  int page(const QString& site) const;
  int pageCount(const QString& site) const;

  // The quantities listed now, in order (a vector site's: only its page's elements).
  QStringList listedNames() const;
  // Selects the listed quantity `name`, turning to its page first; false when the filters hide
  // it or the run has no such quantity.
  bool select(const QString& name);
  const Quantity& current() const { return m_current; }

  QTreeWidget* tree() const { return m_tree; }
  QCheckBox* kindBox(QuantityKind kind) const { return m_boxes[static_cast<int>(kind)]; }

signals:
  void quantitySelected(const Quantity& quantity);

private:
  void rebuild();
  void layoutMaybeChanged();
  // Lists another page of `site` and returns the site's row (null for no such vector site).
  QTreeWidgetItem* turnPage(const QString& site, int page);
  void fillSite(QTreeWidgetItem* siteItem, const std::string& site);
  void itemChosen(QTreeWidgetItem* item);
  void showPager();
  QString currentSite() const;

  const RunModel* m_model = nullptr;
  std::vector<Quantity> m_quantities;
  std::map<std::string, int> m_pages; // by site
  int m_pageSize = 10;
  Quantity m_current;
  bool m_hadLayout = false;

  QCheckBox* m_boxes[3];
  QTreeWidget* m_tree;
  QLabel* m_pageLabel;
  QToolButton* m_previous;
  QToolButton* m_next;
};

} // namespace kiln::ui
