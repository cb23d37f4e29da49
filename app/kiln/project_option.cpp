#include "app/kiln/project_option.h"

#include <cstdlib>

#include "core/util/error.h"

namespace kiln::cli {

Option project_option() {
  return {"project", "FILE",
          "the project file (default $XDG_DATA_HOME/kiln/default.kiln, "
          "~/.local/share/kiln/default.kiln without XDG_DATA_HOME)"};
}

std::string project_path(const ParsedOptions& options) {
  if (options.has("project"))
    return options.get("project");
  const char* xdg = std::getenv("XDG_DATA_HOME");
  if (xdg && *xdg)
    return std::string(xdg) + "/kiln/default.kiln";
  const char* home = std::getenv("HOME");
  if (home && *home)
    return std::string(home) + "/.local/share/kiln/default.kiln";
  throw Error("no project to use: give --project FILE (neither XDG_DATA_HOME nor HOME is set)");
}

} // namespace kiln::cli
