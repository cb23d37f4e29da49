#include "core/lang/model_file.h"

#include <fstream>
#include <sstream>

#include "core/lang/builtins/pyro_namespace.h"
#include "core/lang/checker.h"
#include "core/lang/suggest.h"
#include "core/util/error.h"

namespace kiln::lang {

ModelFile::ModelFile(Source source, DiagnosticSink& sink, Limits limits)
    : program_(std::make_shared<Program>(std::move(source), sink, limits, check_module)) {}

std::unique_ptr<ModelFile> ModelFile::open(const std::string& path, DiagnosticSink& sink,
                                           Limits limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error("cannot read model file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return std::make_unique<ModelFile>(Source(path, text.str()), sink, limits);
}

namespace {

// The def behind a value: a function, or one wrapped by handlers (config_enumerate(model)).
Function* function_of(const Value& value) {
  const auto* o = value.get_if<ObjectPtr>();
  Object* object = o ? o->get() : nullptr;
  while (auto* wrapper = dynamic_cast<WrappedFunction*>(object))
    object = wrapper->wrapped().get();
  return dynamic_cast<Function*>(object);
}

} // namespace

Function& ModelFile::function(const std::string& name) const {
  std::vector<std::string> functions;
  for (const auto& global : program_->global_names())
    if (function_of(program_->global(global)))
      functions.push_back(global);
  if (program_->has_global(name)) {
    const Value value = program_->global(name);
    if (Function* fn = function_of(value))
      return *fn;
    throw Error(source().name() + ": '" + name + "' is a " + type_name(value) + ", not a function");
  }
  std::string message = source().name() + " defines no function '" + name + "'";
  if (functions.empty()) {
    message += " (it defines no functions)";
  } else {
    std::string list;
    for (const auto& f : functions)
      list += (list.empty() ? "" : ", ") + f;
    message += "; it defines " + list;
    const std::string closest = closest_name(name, functions);
    if (!closest.empty())
      message += "; did you mean '" + closest + "'?";
  }
  throw Error(message);
}

poutine::Model ModelFile::bind(const DataMap& data, const std::string& data_source,
                               const std::string& name, std::vector<std::string>* unused) const {
  Function& fn = function(name);
  CallArgs args = bind_data(fn, data, data_source, unused);
  Value callee = program_->global(name);
  return [program = program_, callee, args] { program->call(callee, args); };
}

} // namespace kiln::lang
