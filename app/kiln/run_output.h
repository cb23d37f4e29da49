#pragma once
// What `kiln run` writes, shared by its MCMC and SVI paths.
#include <filesystem>
#include <functional>
#include <ostream>

#include <nlohmann/json.hpp>

#include "core/diagnostics/summary.h"

namespace kiln::cli {

// Writes `path` through `fill`; an Error names the file when it cannot be written.
void write_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& fill);

// JSON has no nan or inf: those are the strings "nan", "inf", "-inf", as in `kiln logprob`.
nlohmann::json json_number(double x);

// The summary as `--json` prints it: one object per row, its name and every column.
nlohmann::json summary_json(const diagnostics::Summary& summary);

} // namespace kiln::cli
