#pragma once
// The tree-walking interpreter of Kiln models. A Program is a parsed file whose module-level
// statements (imports, constants, defs) have run; its functions are then called with values
// bound by name, typically under poutine handlers that give pyro.sample its meaning.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/lang/ast.h"
#include "core/lang/diagnostic.h"
#include "core/lang/function.h"
#include "core/lang/source.h"
#include "core/lang/value.h"

namespace kiln::lang {

// Guards against models that would crash or hang Kiln; a user can raise them.
struct Limits {
  // Nested calls of model functions (recursion).
  int max_call_depth = 250;
  // Statements and loop iterations executed by one top-level call.
  int64_t max_steps = 50'000'000;
};

// Variables of one function call (or of the module), with the scope they close over.
struct Scope : std::enable_shared_from_this<Scope> {
  std::unordered_map<std::string, Value> vars;
  std::shared_ptr<Scope> parent;
};

class Program;

// A function defined in the model (def or lambda): its code, parameters with their defaults
// (evaluated where the def ran, as in Python) and the scope it closes over.
class Function : public Object {
public:
  Function(Signature signature, Program* program)
      : signature(std::move(signature)), program(program) {}
  std::string type_name() const override { return "function"; }
  std::string repr() const override { return "<function " + signature.function_name() + ">"; }
  Value call(CallArgs& args) override;

  Signature signature;
  Program* program;
  const Block* body = nullptr;      // def
  const Expr* expression = nullptr; // lambda
  std::shared_ptr<Scope> closure;
  Span span;
};

// One frame of a model's traceback.
struct TracebackFrame {
  std::string file;
  std::string function;
  uint32_t line = 0;
};

// The traceback of the last error that left a top-level Program::call on this thread, outermost
// frame first as the error's message lists it; empty when the error was raised outside the
// model's code. `kiln check` points at the innermost frame's line.
const std::vector<TracebackFrame>& last_traceback();

// A pass over the parsed module before its statements run (ModelFile runs the checker).
using ModuleCheck = std::function<void(const Module&, const Source&, DiagnosticSink&)>;

class Program {
public:
  // Parses the source, runs `check` when given, and runs the module-level statements unless
  // parsing or the check reported an error. Syntax errors and errors of the module body go to
  // `sink`; ok() says whether the program is ready to call.
  Program(Source source, DiagnosticSink& sink, Limits limits = {}, const ModuleCheck& check = {});
  ~Program();
  bool ok() const { return ok_; }

  const Source& source() const { return source_; }
  const Module& module() const { return module_; }
  Limits& limits() { return limits_; }

  // A module-level name (a function, a constant); throws kiln::Error when absent.
  Value global(const std::string& name) const;
  bool has_global(const std::string& name) const;
  std::vector<std::string> global_names() const;

  // Calls a function with Python's binding rules. An error is rethrown with the model's
  // traceback (file:line of each frame, most recent call last).
  Value call(const Value& function, CallArgs args);

private:
  friend class Executor;
  Source source_;
  Module module_;
  Limits limits_;
  std::shared_ptr<Scope> globals_;
  bool ok_ = false;
};

} // namespace kiln::lang
