// kiln-studio: the workbench. Opens the project given on the command line, else the one open
// when it last closed, else the demo project (made from examples/ on first use).

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>

#include "ui/console/console_view.h"
#include "ui/document/demo_project.h"
#include "ui/document/project_document.h"
#include "ui/main_window.h"
#include "ui/settings.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QCoreApplication::setOrganizationName("Kiln");
  QCoreApplication::setApplicationName("kiln-studio");
  QCoreApplication::setApplicationVersion(KILN_VERSION);

  QCommandLineParser parser;
  parser.setApplicationDescription("Kiln Studio: write a model, run inference, watch it converge.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("project", "the .kiln project to open");
  parser.process(app);

  QSettings store;
  kiln::ui::Settings settings(store);
  kiln::ui::MainWindow window(settings);
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
  return app.exec();
}
