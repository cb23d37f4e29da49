#pragma once
// What the workbench knows about a model's text: the diagnostics `kiln check` would print
// (with the data: the trial run's error too) and, when the code is valid, the model graph
// `kiln graph` would print. Computed off the UI thread by ModelAnalyzer.

#include <cstdint>
#include <memory>
#include <vector>

#include <QMetaType>
#include <QString>

#include "core/lang/data_binding.h"
#include "core/lang/diagnostic.h"
#include "core/lang/model_graph.h"

namespace kiln::ui {

struct ModelAnalysis {
  uint64_t revision = 0; // of the text, as ModelAnalyzer counts its changes
  QString text;          // the text analyzed
  std::vector<lang::Diagnostic> diagnostics;
  // Null when the code has errors or no graph could be made (graphNote says why then).
  std::shared_ptr<const lang::ModelGraph> graph;
  QString graphNote;

  bool hasErrors() const;
};

// Runs on any thread. `name` is the model's name ("eight_schools"), shown as NAME.py in the
// diagnostics; `data` may be null. Never throws: anything unexpected becomes a diagnostic.
ModelAnalysis analyze_model(const QString& name, const QString& text,
                            const std::shared_ptr<const lang::DataMap>& data);

} // namespace kiln::ui

Q_DECLARE_METATYPE(kiln::ui::ModelAnalysis)
