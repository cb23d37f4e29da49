#include "core/io/data_file.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace kiln::io {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

lang::DataMap load_json(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error("cannot read data file '" + path + "'");
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path + ": not valid JSON (" + e.what() + ")");
  }
  return lang::values_from_json(object, path);
}

} // namespace

lang::DataMap load_data(const std::string& path) {
  if (ends_with(path, ".json"))
    return load_json(path);
  throw Error("data file '" + path + "': unknown format (Kiln reads .json files)");
}

} // namespace kiln::io
