#pragma once
// The workbench's settings, typed: each has one key, one default and a change signal, so no
// widget spells a QSettings key or guesses a default. Kept in a QSettings given by the caller:
// the application's own, or a file of its own in tests.

#include <QByteArray>
#include <QObject>
#include <QStringList>

class QSettings;

namespace kiln::ui {

class Settings : public QObject {
  Q_OBJECT
public:
  // Reads and writes `store`, which must outlive this object.
  explicit Settings(QSettings& store, QObject* parent = nullptr);

  // Most recent first, at most kMaxRecentProjects, without duplicates.
  QStringList recentProjects() const;
  void setRecentProjects(QStringList paths);
  // Puts `path` first (once) and drops the oldest beyond the limit.
  void addRecentProject(const QString& path);
  static constexpr int kMaxRecentProjects = 8;

  // The project open when the window last closed; empty when none.
  QString lastProject() const;
  void setLastProject(const QString& path);

  // QMainWindow::saveGeometry / saveState; empty until a window closed once.
  QByteArray windowGeometry() const;
  void setWindowGeometry(const QByteArray& geometry);
  QByteArray windowState() const;
  void setWindowState(const QByteArray& state);

signals:
  void recentProjectsChanged(const QStringList& paths);
  void lastProjectChanged(const QString& path);

private:
  QSettings& m_store;
};

} // namespace kiln::ui
