#include "ui/document/demo_project.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include "core/store/catalog.h"
#include "core/store/project_file.h"
#include "core/store/sqlite.h"
#include "core/util/error.h"
#include "ui/common/qt_text.h"
#include "ui/document/dataset_values.h"
#include "ui/document/model_version_graph.h"

namespace kiln::ui {

namespace {

struct DemoModel {
  const char* model; // file in examples/
  const char* data;
};

// Ready to run, each with data that fits it; the slow or large ones (VAE, BNN) stay out.
const DemoModel kDemoModels[] = {
    {"eight_schools_noncentered.py", "eight_schools.json"},
    {"eight_schools_centered.py", "eight_schools.json"},
    {"coin_flip.py", "coin_flip.json"},
    {"linear_regression.py", "linear_regression.json"},
    {"logistic_regression.py", "logistic_regression.json"},
    {"hierarchical_regression.py", "hierarchical_regression.json"},
    {"poisson_regression.py", "poisson_regression.json"},
    {"ar1.py", "ar1.json"},
    {"gmm.py", "gmm.json"},
    {"gmm_svi.py", "gmm.json"},
    {"hmm.py", "hmm.json"},
    {"lda_svi.py", "lda.json"},
};

std::string read_file(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    throw Error("cannot read '" + utf8_text(path) + "'");
  return file.readAll().toStdString();
}

void fill(store::Database& db, const QDir& examples) {
  store::Transaction transaction(db);
  for (const auto& demo : kDemoModels) {
    const std::string data_name = demo.data;
    const std::string content = read_file(examples.filePath(demo.data));
    store::ensure_dataset(db, data_name, "json", content);
    const lang::DataMap data = dataset_values("json", content, data_name);
    const std::string name = utf8_text(QFileInfo(demo.model).completeBaseName());
    const std::string source = read_file(examples.filePath(demo.model));
    store::ensure_model_version(db, name, source, model_version_graph(name, source, &data));
  }
  transaction.commit();
}

} // namespace

QString defaultDemoProjectPath() {
  return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/kiln/demo.kiln";
}

QString findExamplesDir(const QString& start) {
  const QString fromEnvironment = qEnvironmentVariable("KILN_EXAMPLES_DIR");
  if (!fromEnvironment.isEmpty())
    return fromEnvironment;
  QDir dir(start);
  for (int up = 0; up < 6; ++up) {
    if (QFileInfo::exists(dir.filePath("examples/eight_schools_noncentered.py")))
      return dir.filePath("examples");
    if (!dir.cdUp())
      break;
  }
  return {};
}

bool ensureDemoProject(const QString& path, const QString& examplesDir, QString* error) {
  if (QFileInfo::exists(path))
    return true;
  if (examplesDir.isEmpty()) {
    *error = QObject::tr("cannot make the demo project: the examples folder was not found "
                         "(set KILN_EXAMPLES_DIR to a Kiln checkout's examples/)");
    return false;
  }
  const QString partial = path + ".partial";
  for (const char* suffix : {"", "-wal", "-shm"})
    QFile::remove(partial + suffix);
  try {
    auto db = store::open_project(utf8_text(partial), store::Access::Write);
    fill(*db, QDir(examplesDir));
  } catch (const std::exception& e) {
    for (const char* suffix : {"", "-wal", "-shm"})
      QFile::remove(partial + suffix);
    *error = QObject::tr("cannot make the demo project '%1': %2").arg(path, error_message(e));
    return false;
  }
  if (!QFile::rename(partial, path)) {
    QFile::remove(partial);
    *error = QObject::tr("cannot make the demo project '%1': the file could not be moved into "
                         "place")
                 .arg(path);
    return false;
  }
  return true;
}

} // namespace kiln::ui
