#pragma once
// A model file ready to run: the Program of a .py file, the function that is the model
// (`model` unless told otherwise) and data bound to its arguments. Every command that runs a
// model (check, graph, logprob, prior, run) and the workbench start here.

#include <memory>
#include <string>
#include <vector>

#include "core/lang/data_binding.h"
#include "core/lang/diagnostic.h"
#include "core/lang/interpreter.h"
#include "core/poutine/model.h"

namespace kiln::lang {

class ModelFile {
public:
  // Parses `source`, checks it (checker.h) and runs its module body; syntax errors, the
  // checker's diagnostics and errors of the module body go to `sink`, and ok() is false after
  // any error (the module body does not run after a syntax or checker error).
  ModelFile(Source source, DiagnosticSink& sink, Limits limits = {});
  // Reads the file at `path` (named by `path` in diagnostics); an unreadable file is a
  // kiln::Error naming it.
  static std::unique_ptr<ModelFile> open(const std::string& path, DiagnosticSink& sink,
                                         Limits limits = {});

  bool ok() const { return program_->ok(); }
  Program& program() const { return *program_; }
  const Source& source() const { return program_->source(); }

  // The function called `name` (through handlers that wrap it: `model = config_enumerate(model)`
  // binds data by the def's parameters): a kiln::Error when the file defines none, which lists
  // the functions it does define and suggests the closest name.
  Function& function(const std::string& name = "model") const;

  // The model `name` called with its arguments bound by name from `data` (see bind_data;
  // `data_source` names the data in errors). The Model keeps the Program alive, and may be
  // run from several threads at once.
  poutine::Model bind(const DataMap& data, const std::string& data_source,
                      const std::string& name = "model",
                      std::vector<std::string>* unused = nullptr) const;

private:
  std::shared_ptr<Program> program_;
};

} // namespace kiln::lang
