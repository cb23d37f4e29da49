#include "ui/run/run_request.h"

#include "ui/common/qt_text.h"

namespace kiln::ui {

run::RunSpec RunRequest::spec() const {
  run::RunSpec spec;
  spec.project = utf8_text(projectPath);
  spec.model_name = utf8_text(modelName);
  spec.model_source = utf8_text(modelSource);
  spec.dataset_name = utf8_text(datasetName);
  spec.dataset_format = utf8_text(datasetFormat);
  spec.dataset_content = utf8_text(datasetContent);
  spec.algorithm = utf8_text(algorithm);
  spec.mcmc = mcmc;
  spec.compile = compile;
  spec.svi = svi;
  spec.seed = seed;
  return spec;
}

} // namespace kiln::ui
