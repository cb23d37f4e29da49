#pragma once
// What the commands that take MODEL.py [--data D] [--model NAME] share: the options, loading the
// file with its diagnostics printed the way the command line prints them, and binding the data.

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "app/kiln/options.h"
#include "core/lang/model_file.h"

namespace kiln::cli {

// --data FILE and --model NAME, for a CommandSpec's option list.
Option data_option();
Option model_option();

struct LoadedModel {
  std::unique_ptr<lang::ModelFile> file;
  lang::DataMap data; // empty without --data
  std::string data_path;
  std::string function = "model";
  size_t warning_count = 0; // of the file's diagnostics, all printed by load_model

  // The model with the data bound; data names the model does not take are warned about on
  // `err`. Throws kiln::Error when an argument is missing.
  poutine::Model bind(std::ostream& err) const;
};

// Reads options.positional()[0] and --data. Diagnostics (warnings too) are printed to `err`
// with the source line and a caret; nullopt when there were errors. Unreadable files throw
// kiln::Error.
std::optional<LoadedModel> load_model(const ParsedOptions& options, std::ostream& err);

} // namespace kiln::cli
