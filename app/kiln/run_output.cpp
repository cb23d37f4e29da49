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

nlohmann::json summary_json(const diagnostics::Summary& summary) {
  nlohmann::json rows = nlohmann::json::array();
  const std::vector<std::string> columns = summary.columns();
  for (const auto& r : summary.rows) {
    const double values[] = {r.mean,    r.sd,       r.hdi_lower, r.hdi_upper, r.mcse_mean,
                             r.mcse_sd, r.ess_bulk, r.ess_tail,  r.r_hat};
    nlohmann::json row = nlohmann::json::object();
    row["name"] = r.name;
    for (size_t i = 0; i < columns.size(); ++i)
      row[columns[i]] = json_number(values[i]);
    rows.push_back(row);
  }
  return rows;
}

} // namespace kiln::cli
