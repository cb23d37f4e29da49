#include "ui/model/model_analysis.h"

#include <algorithm>

#include "core/lang/build_model_graph.h"
#include "core/lang/model_file.h"
#include "core/lang/trial_run.h"
#include "ui/common/qt_text.h"

namespace kiln::ui {

namespace {

// An error without a place in the code (a missing `model` function, data that does not bind)
// is shown on the first line.
lang::Diagnostic whole_file_error(const lang::Source& source, const std::string& message) {
  lang::Diagnostic d;
  d.severity = lang::Severity::error;
  d.file = source.name();
  d.span = source.span(0, 0);
  d.message = message;
  return d;
}

} // namespace

bool ModelAnalysis::hasErrors() const {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const lang::Diagnostic& d) { return d.severity == lang::Severity::error; });
}

ModelAnalysis analyze_model(const QString& name, const QString& text,
                            const std::shared_ptr<const lang::DataMap>& data) {
  ModelAnalysis analysis;
  analysis.text = text;
  const lang::Source source(utf8_text(name) + ".py", utf8_text(text));
  lang::DiagnosticSink sink;
  try {
    lang::ModelFile file(source, sink);
    analysis.diagnostics = sink.items();
    if (!file.ok()) {
      analysis.graphNote = QObject::tr("the code has errors");
      return analysis;
    }
    file.function("model");
    if (data) {
      const poutine::Model model = file.bind(*data, utf8_text(name));
      if (auto failure = lang::trial_run(source, model)) {
        analysis.diagnostics.push_back(*failure);
        analysis.graphNote = QObject::tr("the model fails when it runs");
        return analysis;
      }
    }
    lang::GraphRequest request;
    request.data = data.get();
    request.data_source = utf8_text(name);
    analysis.graph = std::make_shared<const lang::ModelGraph>(lang::model_graph(file, request));
  } catch (const std::exception& e) {
    analysis.diagnostics.push_back(whole_file_error(source, e.what()));
    analysis.graphNote = qt_text(e.what());
  }
  return analysis;
}

} // namespace kiln::ui
