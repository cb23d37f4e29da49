#include <QtTest/QtTest>

#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QSettings>

#include "ui/code/code_editor.h"
#include "ui/console/console_view.h"
#include "ui/document/project_document.h"
#include "ui/main_window.h"
#include "ui/model/model_view.h"
#include "ui/settings.h"

using kiln::ui::MainWindow;

class MainWindowTest : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  std::unique_ptr<QSettings> m_store;
  std::unique_ptr<kiln::ui::Settings> m_settings;
  // What the injected prompts were asked, and how they answer.
  QStringList m_questions;
  QStringList m_errors;
  QMessageBox::StandardButton m_answer = QMessageBox::Cancel;

  std::unique_ptr<MainWindow> makeWindow() {
    auto window = std::make_unique<MainWindow>(*m_settings);
    MainWindow::Prompts prompts;
    prompts.askToSave = [this](QWidget*, const QString& question) {
      m_questions << question;
      return m_answer;
    };
    prompts.showError = [this](QWidget*, const QString& message) { m_errors << message; };
    prompts.openFileName = [](QWidget*, const QString&, const QString&) { return QString(); };
    prompts.saveFileName = prompts.openFileName;
    prompts.modelName = [](QWidget*) { return QString(); };
    window->setPrompts(prompts);
    return window;
  }

  QString project(const QString& name, const QString& model) {
    const QString path = m_dir.filePath(name);
    kiln::ui::ProjectDocument document;
    QString error;
    if (!document.newProject(path, &error) ||
        !document.addModel(model, "def model():\n    pass\n", &error) || !document.save(&error))
      qWarning() << error;
    return path;
  }

private slots:
  void init() {
    m_store = std::make_unique<QSettings>(
        m_dir.filePath(QTest::currentTestFunction() + QString(".ini")), QSettings::IniFormat);
    m_settings = std::make_unique<kiln::ui::Settings>(*m_store);
    m_questions.clear();
    m_errors.clear();
  }

  void has_the_docks_and_the_model_view() {
    auto window = makeWindow();
    for (QDockWidget* dock : {window->projectDock(), window->runSettingsDock(),
                              window->diagnosticsDock(), window->consoleDock()}) {
      QVERIFY(dock);
      QVERIFY(dock->widget());
      QVERIFY(dock->features() & QDockWidget::DockWidgetMovable);
      QVERIFY(!dock->objectName().isEmpty());
    }
    QCOMPARE(window->centralWidget(), &window->modelView());
    QCOMPARE(window->modelView().widget(0), &window->codeEditor());

    auto* graph = new QLabel("graph");
    window->setGraphWidget(graph);
    QCOMPARE(window->modelView().widget(1), graph);
    auto* settings = new QLabel("settings");
    window->setRunSettingsWidget(settings);
    QCOMPARE(window->runSettingsDock()->widget(), settings);
    auto* plots = new QLabel("plots");
    window->setDiagnosticsWidget(plots);
    QCOMPARE(window->diagnosticsDock()->widget(), plots);
  }

  void f5_runs_and_shift_f5_stops() {
    auto window = makeWindow();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QSignalSpy run(window.get(), &MainWindow::runRequested);
    QSignalSpy stop(window.get(), &MainWindow::stopRequested);
    window->activateWindow();
    window->codeEditor().setFocus(); // where a user's keys usually are
    QTest::keyClick(window->codeEditor().viewport(), Qt::Key_F5);
    QCOMPARE(run.count(), 1);
    QCOMPARE(stop.count(), 0);
    QTest::keyClick(window->codeEditor().viewport(), Qt::Key_F5, Qt::ShiftModifier);
    QCOMPARE(stop.count(), 1);
    QCOMPARE(run.count(), 1);
    QSignalSpy exported(window.get(), &MainWindow::exportRequested);
    window->exportAction()->trigger();
    QCOMPARE(exported.count(), 1);
  }

  void opened_projects_become_recent_and_reopen_from_the_menu() {
    const QString a = project("a.kiln", "alpha");
    const QString b = project("b.kiln", "beta");
    auto window = makeWindow();
    QVERIFY(window->openProject(a));
    QVERIFY(window->openProject(b));
    QCOMPARE(m_settings->recentProjects(), (QStringList{b, a}));
    QCOMPARE(m_settings->lastProject(), b);
    QVERIFY(window->windowTitle().contains("b.kiln"));
    const auto actions = window->recentProjectsMenu()->actions();
    QCOMPARE(actions.size(), 2);
    QCOMPARE(actions[1]->text(), a);
    actions[1]->trigger();
    QCOMPARE(window->document().path(), a);
    QCOMPARE(window->document().modelNames(), QStringList{"alpha"});
    QCOMPARE(m_settings->recentProjects(), (QStringList{a, b}));
  }

  void a_damaged_project_is_reported_and_the_open_one_stays() {
    const QString good = project("good.kiln", "kept");
    QFile bad(m_dir.filePath("bad.kiln"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(QByteArray(2048, 'z'));
    bad.close();
    auto window = makeWindow();
    QVERIFY(window->openProject(good));
    QVERIFY(!window->openProject(bad.fileName()));
    QCOMPARE(m_errors.size(), 1);
    QVERIFY(m_errors[0].contains("bad.kiln"));
    QVERIFY(window->console().lines().last().contains("error: "));
    QCOMPARE(window->document().path(), good);
    QVERIFY(window->windowTitle().contains("good.kiln"));
  }

  void unsaved_text_is_asked_about_before_closing() {
    const QString path = project("edit.kiln", "m");
    auto window = makeWindow();
    window->show();
    QVERIFY(window->openProject(path));
    QVERIFY(!window->isWindowModified());
    window->document().editModelSource("def model():\n    return 1\n");
    QVERIFY(window->isWindowModified());

    m_answer = QMessageBox::Cancel;
    QVERIFY(!window->close());
    QCOMPARE(m_questions.size(), 1);
    QVERIFY2(m_questions[0].contains("m"), qPrintable(m_questions[0]));
    QVERIFY(window->isVisible());

    m_answer = QMessageBox::Save;
    QVERIFY(window->close());
    kiln::ui::ProjectDocument reopened;
    QString error;
    QVERIFY(reopened.openProject(path, &error));
    QCOMPARE(reopened.currentModelSource(), QString("def model():\n    return 1\n"));
  }

  void discarding_closes_without_saving() {
    const QString path = project("discard.kiln", "m");
    auto window = makeWindow();
    window->show();
    QVERIFY(window->openProject(path));
    window->document().editModelSource("changed");
    m_answer = QMessageBox::Discard;
    QVERIFY(window->close());
    kiln::ui::ProjectDocument reopened;
    QString error;
    QVERIFY(reopened.openProject(path, &error));
    QCOMPARE(reopened.currentModelSource(), QString("def model():\n    pass\n"));
  }

  void the_dock_layout_is_restored() {
    {
      auto window = makeWindow();
      window->show();
      QVERIFY(QTest::qWaitForWindowExposed(window.get()));
      QCOMPARE(window->dockWidgetArea(window->consoleDock()), Qt::BottomDockWidgetArea);
      window->addDockWidget(Qt::RightDockWidgetArea, window->consoleDock());
      window->projectDock()->hide();
      QVERIFY(window->close());
    }
    auto window = makeWindow();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QCOMPARE(window->dockWidgetArea(window->consoleDock()), Qt::RightDockWidgetArea);
    QVERIFY(!window->projectDock()->isVisible());
    QVERIFY(window->runSettingsDock()->isVisible());
  }

  void undo_and_redo_in_the_edit_menu_act_on_the_code() {
    const QString path = project("undo.kiln", "m");
    auto window = makeWindow();
    QVERIFY(window->openProject(path));
    window->document().editModelSource("def model():\n    return 2\n");
    QCOMPARE(window->codeEditor().text(), QString("def model():\n    return 2\n"));
    QAction* undo = nullptr;
    for (QAction* a : window->findChildren<QAction*>())
      if (a->shortcut() == QKeySequence(QKeySequence::Undo))
        undo = a;
    QVERIFY(undo);
    QVERIFY(undo->isEnabled());
    undo->trigger();
    QCOMPARE(window->codeEditor().text(), QString("def model():\n    pass\n"));
    QVERIFY(!window->isWindowModified());
  }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
