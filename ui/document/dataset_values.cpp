#include "ui/document/dataset_values.h"

#include <nlohmann/json.hpp>

#include "core/io/data_file.h"
#include "core/util/error.h"

namespace kiln::ui {

lang::DataMap dataset_values(const std::string& format, const std::string& content,
                             const std::string& source) {
  if (format == "csv")
    return io::data_from_csv(content, source);
  if (format != "json")
    throw Error(source + ": unknown data format '" + format + "' (expected json or csv)");
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(content);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(source + ": not valid JSON: " + e.what());
  }
  return lang::values_from_json(object, source);
}

} // namespace kiln::ui
