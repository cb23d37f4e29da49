#include "app/kiln/check_command.h"

#include "app/kiln/model_loading.h"

namespace kiln::cli {

namespace {

int run_check(const ParsedOptions& options, std::ostream& out, std::ostream& err) {
  auto loaded = load_model(options, err);
  if (!loaded)
    return 1;
  if (options.has("data"))
    loaded->bind(err);
  out << options.positional()[0] << ": ok\n";
  return 0;
}

} // namespace

Command check_command() {
  return {{"check",
           {"MODEL.py"},
           "report the model's errors and warnings",
           "Parses MODEL.py, runs its module body and reports every error and warning with its\n"
           "line and a caret. With --data, also checks that the data provides the model's\n"
           "arguments. Exit status 1 when there is an error.",
           {data_option(), model_option()}},
          run_check};
}

} // namespace kiln::cli
