#include "core/io/values_file.h"

#include <fstream>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/lang/conversions.h"
#include "core/lang/data_binding.h"
#include "core/util/error.h"

namespace kiln::io {

poutine::ValueMap load_site_values(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error("cannot read values file '" + path + "'");
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path + ": not valid JSON (" + e.what() + ")");
  }
  if (!object.is_object())
    throw Error(path + ": the values must be a JSON object whose names are site names");
  poutine::ValueMap values;
  for (const auto& [name, value] : lang::values_from_json(object, path)) {
    const bool numeric = value.get_if<int64_t>() || value.get_if<double>() ||
                         value.get_if<bool>() || value.get_if<at::Tensor>();
    if (!numeric)
      throw Error(path + ": '" + name + "' must be a number or a list of numbers");
    values[name] = lang::to_tensor(value, path + ": '" + name + "'");
  }
  return values;
}

} // namespace kiln::io
