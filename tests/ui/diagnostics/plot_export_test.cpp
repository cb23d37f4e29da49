// Every plot exports as PNG, SVG (well-formed XML) and PDF, refuses other suffixes with a
// message, and offers the three from its context menu.
#include "ui/common/tensor.h" // first: Qt's `slots` macro meets ATen otherwise

#include <QtTest/QtTest>

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QTemporaryDir>
#include <QXmlStreamReader>

#include "tests/support/stored_runs.h"
#include "ui/diagnostics/plot_export.h"
#include "ui/diagnostics/run_model.h"
#include "ui/diagnostics/trace_plot.h"

using namespace kiln;
using namespace kiln::ui;

class PlotExportTest : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  RunModel m_model;
  TracePlot m_plot;

private slots:
  void initTestCase() {
    const QString project = m_dir.filePath("export.kiln");
    const int64_t id = test::write_mcmc_run(project.toStdString(), {});
    m_plot.setModel(&m_model);
    QSignalSpy updated(&m_model, &RunModel::updated);
    m_model.open(project, id);
    QVERIFY(updated.wait(10000));
    m_plot.setQuantity(m_model.data().quantity("mu"));
    m_plot.resize(640, 400);
  }

  void png() {
    const QString path = m_dir.filePath("trace.png");
    QString error;
    QVERIFY2(exportPlot(m_plot, path, &error), qPrintable(error));
    QImage image(path);
    QCOMPARE(image.size(), QSize(640, 400));
  }

  void svgIsWellFormedXml() {
    const QString path = m_dir.filePath("trace.svg");
    QString error;
    QVERIFY2(exportPlot(m_plot, path, &error, 800, 500), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    int paths = 0;
    bool root = false;
    while (!xml.atEnd()) {
      if (xml.readNext() == QXmlStreamReader::StartElement) {
        root = root || xml.name() == QLatin1String("svg");
        paths += xml.name() == QLatin1String("path") || xml.name() == QLatin1String("polyline");
      }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(root);
    QVERIFY(paths > 4); // the chains' lines and the axes were drawn into it
  }

  void pdf() {
    const QString path = m_dir.filePath("trace.pdf");
    QString error;
    QVERIFY2(exportPlot(m_plot, path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.size() > 1000);
    QVERIFY(file.read(5) == "%PDF-");
  }

  void otherSuffixesAndUnwritablePlacesAreMessages() {
    QString error;
    QVERIFY(!exportPlot(m_plot, m_dir.filePath("trace.jpg.txt"), &error));
    QVERIFY(error.contains(".png, .svg or .pdf"));
    QVERIFY(!exportPlot(m_plot, m_dir.filePath("no/such/folder/trace.png"), &error));
    QVERIFY(error.contains("cannot write"));
  }

  void contextMenuOffersTheThree() {
    QStringList texts;
    for (QAction* a : m_plot.actions())
      texts << a->text();
    QCOMPARE(texts, (QStringList{"Export as PNG…", "Export as SVG…", "Export as PDF…"}));
    QCOMPARE(m_plot.contextMenuPolicy(), Qt::ActionsContextMenu);
  }
};

QTEST_MAIN(PlotExportTest)
#include "plot_export_test.moc"
