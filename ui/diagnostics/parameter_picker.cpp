#include "ui/diagnostics/parameter_picker.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/common/qt_text.h"
#include "ui/diagnostics/run_model.h"

namespace kiln::ui {

namespace {

constexpr int kIndexRole = Qt::UserRole;    // index into the quantities; -1 for a vector's row
constexpr int kSiteRole = Qt::UserRole + 1; // the site's name

} // namespace

ParameterPicker::ParameterPicker(QWidget* parent) : QWidget(parent) {
  const char* names[] = {"Latent", "Deterministic", "Sampler"};
  const char* tips[] = {"Sites the sampler draws", "pyro.deterministic sites",
                        "Sampler statistics: lp__, accept_stat__, divergent__, ..."};
  auto* filters = new QHBoxLayout;
  filters->setSpacing(8);
  for (int k = 0; k < 3; ++k) {
    m_boxes[k] = new QCheckBox(tr(names[k]), this);
    m_boxes[k]->setToolTip(tr(tips[k]));
    m_boxes[k]->setChecked(k != static_cast<int>(QuantityKind::SamplerStat));
    connect(m_boxes[k], &QCheckBox::toggled, this, &ParameterPicker::rebuild);
    filters->addWidget(m_boxes[k]);
  }
  filters->addStretch();
  m_tree = new QTreeWidget(this);
  m_tree->setHeaderHidden(true);
  m_tree->setUniformRowHeights(true);
  m_tree->setRootIsDecorated(true);
  connect(m_tree, &QTreeWidget::currentItemChanged, this,
          [this](QTreeWidgetItem* item) { itemChosen(item); });
  m_previous = new QToolButton(this);
  m_previous->setArrowType(Qt::LeftArrow);
  m_previous->setToolTip(tr("Previous elements"));
  m_next = new QToolButton(this);
  m_next->setArrowType(Qt::RightArrow);
  m_next->setToolTip(tr("Next elements"));
  m_pageLabel = new QLabel(this);
  connect(m_previous, &QToolButton::clicked, this,
          [this] { setPage(currentSite(), page(currentSite()) - 1); });
  connect(m_next, &QToolButton::clicked, this,
          [this] { setPage(currentSite(), page(currentSite()) + 1); });
  auto* pager = new QHBoxLayout;
  pager->addWidget(m_previous);
  pager->addWidget(m_pageLabel, 1, Qt::AlignCenter);
  pager->addWidget(m_next);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(filters);
  layout->addWidget(m_tree, 1);
  layout->addLayout(pager);
  rebuild();
}

void ParameterPicker::setModel(const RunModel* model) {
  if (m_model)
    disconnect(m_model, nullptr, this, nullptr);
  m_model = model;
  if (m_model) {
    connect(m_model, &RunModel::reset, this, [this] {
      m_pages.clear();
      m_current = Quantity();
      layoutMaybeChanged();
    });
    connect(m_model, &RunModel::updated, this, &ParameterPicker::layoutMaybeChanged);
  }
  m_pages.clear();
  m_current = Quantity();
  layoutMaybeChanged();
}

void ParameterPicker::layoutMaybeChanged() {
  const bool hasLayout = m_model && m_model->data().layout();
  if (hasLayout && m_hadLayout && !m_quantities.empty())
    return; // a run's layout never changes once written
  m_hadLayout = hasLayout;
  m_quantities = hasLayout ? m_model->data().quantities() : std::vector<Quantity>();
  rebuild();
}

void ParameterPicker::setKindShown(QuantityKind kind, bool shown) {
  m_boxes[static_cast<int>(kind)]->setChecked(shown);
}

bool ParameterPicker::kindShown(QuantityKind kind) const {
  return m_boxes[static_cast<int>(kind)]->isChecked();
}

void ParameterPicker::setPageSize(int elements) {
  m_pageSize = std::max(1, elements);
  rebuild();
}

int ParameterPicker::pageCount(const QString& site) const {
  const std::string name = utf8_text(site);
  int64_t elements = 0;
  for (const Quantity& q : m_quantities)
    elements += q.site == name && q.kind != QuantityKind::SamplerStat;
  return std::max<int>(1, static_cast<int>((elements + m_pageSize - 1) / m_pageSize));
}

int ParameterPicker::page(const QString& site) const {
  const auto it = m_pages.find(utf8_text(site));
  return it == m_pages.end() ? 0 : it->second;
}

void ParameterPicker::setPage(const QString& site, int page) {
  QTreeWidgetItem* item = turnPage(site, page);
  if (item && item->childCount() > 0) {
    {
      const QSignalBlocker block(m_tree);
      m_tree->setCurrentItem(item->child(0));
    }
    itemChosen(item->child(0));
  }
}

QTreeWidgetItem* ParameterPicker::turnPage(const QString& site, int page) {
  const int clamped = std::clamp(page, 0, pageCount(site) - 1);
  for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = m_tree->topLevelItem(i);
    if (item->data(0, kSiteRole).toString() != site || item->data(0, kIndexRole).toInt() >= 0)
      continue;
    if (clamped != this->page(site)) {
      m_pages[utf8_text(site)] = clamped;
      const QSignalBlocker block(m_tree);
      fillSite(item, utf8_text(site));
      m_tree->setCurrentItem(item);
    }
    showPager();
    return item;
  }
  return nullptr;
}

QStringList ParameterPicker::listedNames() const {
  QStringList names;
  for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
    const QTreeWidgetItem* item = m_tree->topLevelItem(i);
    if (item->data(0, kIndexRole).toInt() >= 0)
      names << item->text(0);
    for (int c = 0; c < item->childCount(); ++c)
      names << item->child(c)->text(0);
  }
  return names;
}

bool ParameterPicker::select(const QString& name) {
  const std::string wanted = utf8_text(name);
  for (size_t i = 0; i < m_quantities.size(); ++i) {
    const Quantity& q = m_quantities[i];
    if (q.name != wanted || !kindShown(q.kind))
      continue;
    turnPage(qt_text(q.site), static_cast<int>(q.element / m_pageSize));
    QTreeWidgetItemIterator it(m_tree);
    for (; *it; ++it)
      if ((*it)->data(0, kIndexRole).toInt() == static_cast<int>(i)) {
        m_tree->setCurrentItem(*it);
        return true;
      }
  }
  return false;
}

QString ParameterPicker::currentSite() const {
  const QTreeWidgetItem* item = m_tree->currentItem();
  return item ? item->data(0, kSiteRole).toString() : QString();
}

void ParameterPicker::fillSite(QTreeWidgetItem* siteItem, const std::string& site) {
  qDeleteAll(siteItem->takeChildren());
  const int first = page(qt_text(site)) * m_pageSize;
  for (size_t i = 0; i < m_quantities.size(); ++i) {
    const Quantity& q = m_quantities[i];
    if (q.site != site || q.kind == QuantityKind::SamplerStat || q.element < first ||
        q.element >= first + m_pageSize)
      continue;
    auto* child = new QTreeWidgetItem(siteItem, {qt_text(q.name)});
    child->setData(0, kIndexRole, static_cast<int>(i));
    child->setData(0, kSiteRole, qt_text(site));
  }
  siteItem->setExpanded(true);
}

void ParameterPicker::rebuild() {
  const std::string keep = m_current.name;
  const QSignalBlocker block(m_tree);
  m_tree->clear();
  const store::RunLayout* layout =
      m_model && m_model->data().layout() ? &*m_model->data().layout() : nullptr;
  std::string lastSite;
  for (size_t i = 0; i < m_quantities.size(); ++i) {
    const Quantity& q = m_quantities[i];
    if (!kindShown(q.kind) || (q.site == lastSite && q.kind != QuantityKind::SamplerStat))
      continue;
    lastSite = q.site;
    bool vector = false;
    if (layout && q.kind != QuantityKind::SamplerStat)
      for (const auto& s : layout->sites)
        if (s.name == q.site)
          vector = !s.shape.empty();
    auto* item = new QTreeWidgetItem(m_tree);
    item->setData(0, kSiteRole, qt_text(q.site));
    if (vector) {
      item->setText(0, qt_text(q.site));
      item->setData(0, kIndexRole, -1);
      fillSite(item, q.site);
    } else {
      item->setText(0, qt_text(q.name));
      item->setData(0, kIndexRole, static_cast<int>(i));
    }
    if (q.kind == QuantityKind::Deterministic)
      item->setToolTip(0, tr("deterministic"));
    else if (q.kind == QuantityKind::SamplerStat)
      item->setToolTip(0, tr("sampler statistic"));
  }
  showPager();
  // Keep the selection where the filters let it be, else take the first quantity listed.
  if (!keep.empty() && select(qt_text(keep)))
    return;
  QTreeWidgetItemIterator it(m_tree);
  for (; *it; ++it)
    if ((*it)->data(0, kIndexRole).toInt() >= 0) {
      m_tree->setCurrentItem(*it);
      itemChosen(*it);
      return;
    }
  m_current = Quantity();
}

void ParameterPicker::itemChosen(QTreeWidgetItem* item) {
  showPager();
  if (!item)
    return;
  const int index = item->data(0, kIndexRole).toInt();
  if (index < 0 || index >= static_cast<int>(m_quantities.size()))
    return;
  const Quantity& q = m_quantities[static_cast<size_t>(index)];
  if (q == m_current && !m_current.name.empty())
    return;
  m_current = q;
  emit quantitySelected(m_current);
}

void ParameterPicker::showPager() {
  const QString site = currentSite();
  const int pages = site.isEmpty() ? 1 : pageCount(site);
  const bool show = pages > 1;
  m_previous->setVisible(show);
  m_next->setVisible(show);
  m_pageLabel->setVisible(show);
  if (!show)
    return;
  const int p = page(site);
  int64_t elements = 0;
  for (const Quantity& q : m_quantities)
    elements += qt_text(q.site) == site && q.kind != QuantityKind::SamplerStat;
  const int64_t last = std::min<int64_t>(elements, (p + 1) * m_pageSize);
  m_pageLabel->setText(
      tr("%1  %2–%3 of %4").arg(site).arg(p * m_pageSize).arg(last - 1).arg(elements));
  m_previous->setEnabled(p > 0);
  m_next->setEnabled(p + 1 < pages);
}

} // namespace kiln::ui
