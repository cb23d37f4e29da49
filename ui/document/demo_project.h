#pragma once
// The demo project kiln-studio opens when it is given nothing to open: the examples of
// examples/ (eight schools, regressions, the GMM and LDA fitted by SVI, ...) with their data,
// each model stored under its file's stem and each data file under its name, so the document
// pairs them by prefix (lda_svi takes lda.json).

#include <QString>

namespace kiln::ui {

// The model the demo shows first.
inline constexpr const char* kDemoFirstModel = "eight_schools_noncentered";

// Where the demo project lives: $XDG_DATA_HOME/kiln/demo.kiln (~/.local/share/kiln/demo.kiln),
// next to the command line's default project.
QString defaultDemoProjectPath();

// The examples folder of a Kiln checkout at `start` or above it (the build folder's program
// finds the source tree's examples this way); $KILN_EXAMPLES_DIR when set. Empty when none.
QString findExamplesDir(const QString& start);

// Creates the demo project at `path` from `examplesDir` unless `path` exists already. It is
// written next to `path` and renamed into place, so a failure leaves no half-made project.
bool ensureDemoProject(const QString& path, const QString& examplesDir, QString* error);

} // namespace kiln::ui
