// kiln-studio: the workbench. Opens the project given on the command line, else the one open
// when it last closed, else the demo project (made from examples/ on first use). --run shows a
// stored run's diagnostics; --screenshot saves the window as a PNG once it has settled, then
// quits (the docs' pictures are made this way under Xvfb).

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>

#include "core/util/allocator.h"
#include "ui/console/console_view.h"
#include "ui/document/demo_project.h"
#include "ui/document/project_document.h"
#include "ui/main_window.h"
#include "ui/settings.h"
#include "ui/workbench.h"

int main(int argc, char** argv) {
  kiln::keep_large_allocations();
  QApplication app(argc, argv);
  QCoreApplication::setOrganizationName("Kiln");
  QCoreApplication::setApplicationName("kiln-studio");
  QCoreApplication::setApplicationVersion(KILN_VERSION);

  QCommandLineParser parser;
  parser.setApplicationDescription("Kiln Studio: write a model, run inference, watch it converge.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("project", "the .kiln project to open");
  const QCommandLineOption model("model", "the model to show", "NAME");
  const QCommandLineOption run("run", "the stored run whose diagnostics to show", "ID");
  const QCommandLineOption screenshot(
      "screenshot", "save the window as a PNG after --screenshot-delay ms, then quit", "FILE");
  const QCommandLineOption delay("screenshot-delay", "milliseconds to wait (default 3000)", "MS",
                                 "3000");
  const QCommandLineOption size("size", "the window's size (default 1600x1000)", "WxH",
                                "1600x1000");
  parser.addOptions({model, run, screenshot, delay, size});
  parser.process(app);

  QSettings store;
  kiln::ui::Settings settings(store);
  kiln::ui::Workbench bench(settings);
  kiln::ui::MainWindow& window = bench.window();
  const QStringList wh = parser.value(size).split('x');
  if (wh.size() == 2)
    window.resize(wh[0].toInt(), wh[1].toInt());
  window.show();

  if (!parser.positionalArguments().isEmpty()) {
    window.openProject(parser.positionalArguments().constFirst());
  } else if (QFileInfo::exists(settings.lastProject())) {
    window.openProject(settings.lastProject());
  } else {
    const QString demo = kiln::ui::defaultDemoProjectPath();
    QString error;
    if (!kiln::ui::ensureDemoProject(
            demo, kiln::ui::findExamplesDir(QCoreApplication::applicationDirPath()), &error))
      window.console().error(error);
    else if (window.openProject(demo))
      window.document().setCurrentModel(kiln::ui::kDemoFirstModel);
  }
  if (parser.isSet(model))
    window.document().setCurrentModel(parser.value(model));
  if (parser.isSet(run))
    emit window.runSelected(parser.value(run).toLongLong());
  if (parser.isSet(screenshot)) {
    const QString path = parser.value(screenshot);
    QTimer::singleShot(parser.value(delay).toInt(), &app, [&window, &app, path] {
      if (!window.grab().save(path))
        window.console().error(QObject::tr("Cannot write the screenshot %1").arg(path));
      app.quit();
    });
  }
  return app.exec();
}
