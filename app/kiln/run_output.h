#pragma once
// What `kiln run` writes, shared by its MCMC and SVI paths.
#include <filesystem>
#include <functional>
#include <ostream>

#include <nlohmann/json.hpp>

namespace kiln::cli {

// Writes `path` through `fill`; an Error names the file when it cannot be written.
void write_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& fill);

// JSON has no nan or inf: those are the strings "nan", "inf", "-inf", as in `kiln logprob`.
nlohmann::json json_number(double x);

} // namespace kiln::cli
