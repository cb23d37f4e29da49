#include "ui/settings.h"

#include <QSettings>

namespace kiln::ui {

namespace {

// The keys, in one place.
const char* const kRecentProjects = "project/recent";
const char* const kLastProject = "project/last";
const char* const kWindowGeometry = "window/geometry";
const char* const kWindowState = "window/state";

} // namespace

Settings::Settings(QSettings& store, QObject* parent) : QObject(parent), m_store(store) {}

QStringList Settings::recentProjects() const {
  return m_store.value(kRecentProjects, QStringList()).toStringList();
}

void Settings::setRecentProjects(QStringList paths) {
  paths.removeDuplicates();
  while (paths.size() > kMaxRecentProjects)
    paths.removeLast();
  if (paths == recentProjects())
    return;
  m_store.setValue(kRecentProjects, paths);
  emit recentProjectsChanged(paths);
}

void Settings::addRecentProject(const QString& path) {
  QStringList paths = recentProjects();
  paths.removeAll(path);
  paths.prepend(path);
  setRecentProjects(paths);
}

QString Settings::lastProject() const {
  return m_store.value(kLastProject, QString()).toString();
}

void Settings::setLastProject(const QString& path) {
  if (path == lastProject())
    return;
  m_store.setValue(kLastProject, path);
  emit lastProjectChanged(path);
}

QByteArray Settings::windowGeometry() const {
  return m_store.value(kWindowGeometry, QByteArray()).toByteArray();
}

void Settings::setWindowGeometry(const QByteArray& geometry) {
  m_store.setValue(kWindowGeometry, geometry);
}

QByteArray Settings::windowState() const {
  return m_store.value(kWindowState, QByteArray()).toByteArray();
}

void Settings::setWindowState(const QByteArray& state) {
  m_store.setValue(kWindowState, state);
}

} // namespace kiln::ui
