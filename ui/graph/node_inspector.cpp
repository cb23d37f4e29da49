#include "ui/graph/node_inspector.h"

#include <algorithm>

#include <QGridLayout>
#include <QLabel>
#include <QScrollArea>
#include <QStackedWidget>
#include <QUrl>
#include <QVBoxLayout>

#include "ui/common/qt_text.h"

namespace kiln::ui {

namespace {

const char* kFields[] = {"kind",    "distribution", "code",  "observed", "plates",
                         "parents", "children",     "shape", "support",  "defined"};

// Code as rich text that may wrap after brackets, commas, dots and '=': long calls have no
// spaces to wrap at, and the inspector is narrow.
QString code_html(const QString& text) {
  QString html;
  for (const QChar c : text) {
    html += QString(c).toHtmlEscaped();
    if (c == '(' || c == '[' || c == ',' || c == '.' || c == '=')
      html += QChar(0x200B);
  }
  return QStringLiteral("<code>%1</code>").arg(html);
}

QString links(const std::vector<std::string>& names) {
  QStringList parts;
  for (const auto& name : names) {
    const QString text = qt_text(name);
    parts << QStringLiteral("<a href=\"%1\">%2</a>")
                 .arg(QString::fromLatin1(QUrl::toPercentEncoding(text)), text.toHtmlEscaped());
  }
  return parts.join(QStringLiteral(", "));
}

QString joined(const std::vector<std::string>& names) {
  QStringList parts;
  for (const auto& name : names)
    parts << qt_text(name);
  return parts.join(QStringLiteral(", "));
}

QString distribution_text(const lang::GraphNode& node) {
  if (node.family.empty())
    return {};
  QStringList args;
  for (const auto& arg : node.args)
    args << qt_text(arg.name.empty() ? arg.text : arg.name + "=" + arg.text);
  return qt_text(node.family) + "(" + args.join(QStringLiteral(", ")) + ")";
}

// What the code of each kind of node is.
QString code_label(lang::NodeKind kind) {
  switch (kind) {
  case lang::NodeKind::latent:
  case lang::NodeKind::observed:
    return QStringLiteral("Written as");
  case lang::NodeKind::deterministic:
    return QStringLiteral("Value");
  case lang::NodeKind::param:
    return QStringLiteral("Initial value");
  case lang::NodeKind::module:
    return QStringLiteral("Module");
  case lang::NodeKind::factor:
    return QStringLiteral("Log factor");
  case lang::NodeKind::data:
    break;
  }
  return QStringLiteral("Code");
}

QString first_line(const std::string& text) {
  return qt_text(text.substr(0, text.find('\n')));
}

} // namespace

NodeInspector::NodeInspector(QWidget* parent) : QWidget(parent), m_pages(new QStackedWidget) {
  auto* empty = new QLabel(tr("Select a node in the graph to see its distribution, plates, "
                              "parents and shapes."));
  empty->setObjectName(QStringLiteral("placeholder"));
  empty->setWordWrap(true);
  empty->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  empty->setMargin(8);
  empty->setEnabled(false);

  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  m_title = new QLabel;
  m_title->setObjectName(QStringLiteral("title"));
  m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
  QFont big = m_title->font();
  big.setBold(true);
  big.setPointSizeF(big.pointSizeF() * 1.25);
  m_title->setFont(big);
  layout->addWidget(m_title);
  // A grid, not a QFormLayout: Qt 6.4's QFormLayout::setRowVisible corrupts memory when rows
  // with word-wrapped labels change visibility while it is shown.
  m_grid = new QGridLayout;
  m_grid->setColumnStretch(1, 1);
  m_grid->setHorizontalSpacing(12);
  int line = 0;
  for (const char* field : kFields) {
    auto* label = new QLabel;
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setEnabled(false); // drawn lighter than the values
    auto* value = new QLabel;
    value->setObjectName(QString::fromLatin1(field));
    value->setWordWrap(true);
    value->setTextInteractionFlags(Qt::TextBrowserInteraction);
    connect(value, &QLabel::linkActivated, this, [this](const QString& link) {
      emit nodeRequested(QUrl::fromPercentEncoding(link.toUtf8()));
    });
    m_grid->addWidget(label, line, 0);
    m_grid->addWidget(value, line++, 1);
    m_rows[QString::fromLatin1(field)] = {label, value, {}};
  }
  layout->addLayout(m_grid);
  layout->addStretch(1);

  auto* scroll = new QScrollArea;
  scroll->setWidget(page);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  m_pages->addWidget(empty);
  m_pages->addWidget(scroll);
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->addWidget(m_pages);
  hideRows();
}

void NodeInspector::setGraph(const lang::ModelGraph& graph) {
  m_graph = graph;
  refresh();
}

void NodeInspector::setShapes(const SiteShapes& shapes) {
  m_shapes = shapes;
  refresh();
}

void NodeInspector::clearShapes() {
  m_shapes.reset();
  refresh();
}

void NodeInspector::showNode(const QString& name) {
  m_node = name;
  refresh();
}

QString NodeInspector::field(const QString& name) const {
  auto row = m_rows.find(name);
  return row == m_rows.end() ? QString() : row->second.text;
}

void NodeInspector::hideRows() {
  for (auto& [field, row] : m_rows) {
    row.text.clear();
    row.label->hide();
    row.value->hide();
  }
}

void NodeInspector::setRow(const QString& field, const QString& label, const QString& text,
                           const QString& html) {
  Row& row = m_rows.at(field);
  row.text = text;
  row.label->setText(label);
  row.value->setTextFormat(html.isEmpty() ? Qt::PlainText : Qt::RichText);
  row.value->setText(html.isEmpty() ? text : html);
  row.label->show();
  row.value->show();
}

void NodeInspector::refresh() {
  hideRows();
  const lang::GraphNode* node = m_node.isEmpty() ? nullptr : m_graph.node(utf8_text(m_node));
  if (!node) {
    m_node.clear();
    m_pages->setCurrentIndex(0);
    return;
  }
  m_pages->setCurrentIndex(1);
  m_title->setText(m_node);
  const lang::NodeKind kind = node->kind;
  setRow("kind", tr("Kind"), QString::fromLatin1(lang::node_kind_name(kind)));

  const bool sample = kind == lang::NodeKind::latent || kind == lang::NodeKind::observed;
  if (sample) {
    const QString family = distribution_text(*node);
    setRow("distribution", tr("Distribution"), family.isEmpty() ? tr("unknown family") : family,
           family.isEmpty() ? QString() : code_html(family));
  }
  if (!node->expression.empty())
    setRow("code", code_label(kind), qt_text(node->expression),
           code_html(qt_text(node->expression)));
  if (!node->obs.empty())
    setRow("observed", tr("Observed"), qt_text(node->obs), code_html(qt_text(node->obs)));

  if (kind != lang::NodeKind::data) {
    QStringList plates;
    for (const auto& name : node->plates) {
      const lang::GraphPlate* plate = m_graph.plate(name);
      const std::string size =
          !plate ? "" : (plate->size ? std::to_string(*plate->size) : plate->size_text);
      plates << qt_text(size.empty() ? name : name + " (" + size + ")");
    }
    setRow("plates", tr("Plates"), plates.isEmpty() ? tr("none") : plates.join(", "));
    setRow("parents", tr("Parents"), node->parents.empty() ? tr("none") : joined(node->parents),
           node->parents.empty() ? QString() : links(node->parents));
  }
  std::vector<std::string> children;
  for (const auto& n : m_graph.nodes)
    if (std::find(n.parents.begin(), n.parents.end(), node->name) != n.parents.end())
      children.push_back(n.name);
  setRow("children", tr("Children"), children.empty() ? tr("none") : joined(children),
         children.empty() ? QString() : links(children));

  if (kind != lang::NodeKind::data && kind != lang::NodeKind::module) {
    QString shape;
    if (!m_shapes) {
      shape = tr("unknown without data");
    } else if (!m_shapes->error.empty()) {
      shape = tr("unknown: the trial run failed: %1").arg(first_line(m_shapes->error));
    } else if (auto site = m_shapes->sites.find(node->name); site == m_shapes->sites.end()) {
      shape = tr("not reached in the trial run");
    } else {
      const SiteShape& s = site->second;
      shape = s.has_distribution
                  ? tr("batch %1 · event %2")
                        .arg(qt_text(shape_text(s.batch_shape)), qt_text(shape_text(s.event_shape)))
                  : tr("value %1").arg(qt_text(shape_text(s.value_shape)));
      if (!s.support.empty())
        setRow("support", kind == lang::NodeKind::param ? tr("Constraint") : tr("Support"),
               qt_text(s.support));
    }
    setRow("shape", tr("Shape"), shape);
  }
  setRow("defined", tr("Defined at"),
         node->span ? tr("line %1, column %2").arg(node->span->line).arg(node->span->col)
                    : tr("not found in the code"));
}

} // namespace kiln::ui
