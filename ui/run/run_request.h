#pragma once
// What the run panel asks the run controller to run: the model's text as the editor holds it,
// the dataset's content as the project holds it, the algorithm and its settings, the seed and
// the project the run is stored in. Texts are Qt's; settings are core's own structs, so their
// defaults are the ones `kiln run` uses.
#include <QString>

#include "core/infer/mcmc/mcmc_config.h"
#include "core/run/mcmc_run.h"
#include "core/run/run_spec.h"
#include "core/run/svi_run.h"

namespace kiln::ui {

struct RunRequest {
  QString projectPath;
  QString modelName;
  QString modelSource;
  // Empty content: the model runs without data.
  QString datasetName;
  QString datasetFormat; // "json" or "csv"
  QString datasetContent;
  QString algorithm = QStringLiteral("nuts"); // "nuts", "hmc" or "svi"
  infer::mcmc::MCMCConfig mcmc = run::default_mcmc_config();
  bool compile = true;
  run::SviRunConfig svi;
  quint64 seed = 1;

  // The same request in core's terms.
  run::RunSpec spec() const;
};

} // namespace kiln::ui
