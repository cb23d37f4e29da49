#include "app/kiln/run_output.h"

#include <cmath>
#include <fstream>

#include "core/io/draws_csv.h"
#include "core/util/error.h"

namespace kiln::cli {

void write_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& fill) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file)
    throw Error("cannot write '" + path.string() + "'");
  fill(file);
  file.close();
  if (!file)
    throw Error("cannot write '" + path.string() + "'");
}

nlohmann::json json_number(double x) {
  if (std::isfinite(x))
    return x;
  return io::format_double(x);
}

} // namespace kiln::cli
