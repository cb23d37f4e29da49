#include "app/kiln/check_command.h"

#include "app/kiln/model_loading.h"
#include "core/lang/trial_run.h"

namespace kiln::cli {

namespace {

int run_check(const ParsedOptions& options, std::ostream& out, std::ostream& err) {
  auto loaded = load_model(options, err);
  if (!loaded)
    return 1;
  const lang::Source& source = loaded->file->source();
  if (options.has("data")) {
    const poutine::Model model = loaded->bind(err);
    if (auto failure = lang::trial_run(source, model)) {
      err << lang::format_diagnostic(*failure, source);
      return 1;
    }
  }
  const size_t warnings = loaded->warning_count;
  out << source.name() << ": ok";
  if (warnings > 0)
    out << ", " << warnings << " warning" << (warnings == 1 ? "" : "s");
  out << "\n";
  return 0;
}

} // namespace

Command check_command() {
  return {{"check",
           {"MODEL.py"},
           "report the model's errors and warnings",
           "Parses and checks MODEL.py (names, imports, attributes of Kiln's modules, the\n"
           "arguments of calls to distributions, builtins and the file's own functions, and a\n"
           "few warnings), runs its module body, and reports every error and warning with its\n"
           "line and a caret. With --data, binds the data to the model's arguments and runs the\n"
           "model once from its prior (seed 1): a runtime error is reported at the model's\n"
           "line, with its traceback and, for shape errors, the shapes of the sites so far.\n"
           "Exit status 1 when there is an error; warnings alone exit 0.",
           {data_option(), model_option()}},
          run_check};
}

} // namespace kiln::cli
