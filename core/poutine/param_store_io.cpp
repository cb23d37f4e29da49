// ParamStore::save and load: the param store file, one parameter a line in creation order.
//   {"format": "kiln-param-store", "version": 1, "params": [
//   {"constraint":{"name":"positive"},"dtype":"float64","name":"sigma","shape":[2],"values":[...]}
//   ]}
// The values are the unconstrained ones, written by core/util/tensor_json.h so that they read
// back bit-identical; constraints by core/dist/constraints/constraint_json.h.
#include "core/poutine/param_store.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/dist/constraints/constraint_json.h"
#include "core/dist/transforms/biject_to.h"
#include "core/util/error.h"
#include "core/util/error_context.h"
#include "core/util/json_fields.h"
#include "core/util/shape.h"
#include "core/util/tensor_json.h"

namespace kiln::poutine {

namespace {

const char* const kFormat = "kiln-param-store";
// Raise when the layout changes; load refuses files newer than it knows.
const int64_t kVersion = 1;

struct LoadedParam {
  std::string name;
  at::Tensor unconstrained;
  dist::ConstraintPtr constraint;
};

LoadedParam read_param(const nlohmann::json& j) {
  json_expect_object(j, "the entry");
  LoadedParam p;
  p.name = json_string_field(j, "name");
  const nlohmann::json& constraint = json_object_field(j, "constraint");
  try {
    dist::from_json(constraint, p.constraint);
  } catch (...) {
    rethrow_with_context("constraint: ", "");
  }
  p.unconstrained = read_tensor(j);
  if (!p.unconstrained.is_floating_point())
    throw Error("dtype is " + json_string_field(j, "dtype") +
                ", but unconstrained values must be floating point");
  // The values must be a point of the constraint's unconstrained space (a simplex of k entries
  // has k - 1 of them, a 3 x 3 Cholesky factor 6): biject_to's forward map tells.
  try {
    dist::biject_to(p.constraint)->forward(p.unconstrained);
  } catch (...) {
    rethrow_with_context("values of shape " + format_shape(to_shape(p.unconstrained.sizes())) +
                             " do not fit the constraint " + p.constraint->repr() + ": ",
                         "");
  }
  p.unconstrained.requires_grad_(true);
  return p;
}

nlohmann::json parse(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw Error(std::string("cannot open it: ") + std::strerror(errno));
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() begins with "[json.exception.parse_error.101] ", which says nothing to a user.
    std::string what = e.what();
    throw Error("it is not JSON: " + what.substr(what.find("] ") + 2));
  }
}

std::vector<LoadedParam> read_file(const std::string& path) {
  const nlohmann::json file = parse(path);
  auto format = file.is_object() ? file.find("format") : file.end();
  if (!file.is_object() || format == file.end() || !format->is_string())
    throw Error(std::string("it is not a Kiln param store file (no \"format\": \"") + kFormat +
                "\")");
  if (*format != kFormat)
    throw Error("it is not a Kiln param store file (its format is " + format->dump() + ", not \"" +
                kFormat + "\")");
  const int64_t version = json_int_field(file, "version");
  if (version > kVersion)
    throw Error("it was written in format version " + std::to_string(version) +
                ", newer than version " + std::to_string(kVersion) +
                " that this build of Kiln reads");
  if (version < 1)
    throw Error("field 'version' is " + std::to_string(version) + ", but must be at least 1");

  const nlohmann::json& entries = json_array_field(file, "params");
  std::vector<LoadedParam> params;
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < entries.size(); ++i) {
    const std::string where = "params[" + std::to_string(i) + "]";
    try {
      params.push_back(read_param(entries[i]));
    } catch (...) {
      const nlohmann::json& e = entries[i];
      const bool named = e.is_object() && e.contains("name") && e["name"].is_string();
      rethrow_with_context(
          where + (named ? " ('" + e["name"].get<std::string>() + "')" : "") + ": ", "");
    }
    auto [it, fresh] = seen.emplace(params.back().name, i);
    if (!fresh)
      throw Error(where + ": the name '" + it->first + "' is taken by params[" +
                  std::to_string(it->second) + "]");
  }
  return params;
}

} // namespace

void ParamStore::save(const std::string& path) const {
  std::string text = std::string("{\"format\": \"") + kFormat +
                     "\", \"version\": " + std::to_string(kVersion) + ", \"params\": [";
  for (size_t i = 0; i < order_.size(); ++i) {
    const std::string& name = order_[i];
    const Entry& e = entry(name);
    nlohmann::json p = nlohmann::json::object();
    p["name"] = name;
    try {
      p["constraint"] = e.constraint;
      write_tensor(p, e.unconstrained);
    } catch (...) {
      rethrow_with_context("cannot save the param store to '" + path + "': param '" + name + "': ",
                           "");
    }
    text += (i == 0 ? "\n" : ",\n") + p.dump();
  }
  text += "\n]}\n";

  // Written next to the target and renamed over it, so a failed save leaves the old file whole.
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
      throw Error("cannot save the param store to '" + path + "': cannot write '" + tmp +
                  "': " + std::strerror(errno));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    const std::string problem = ec.message();
    std::filesystem::remove(tmp, ec);
    throw Error("cannot save the param store to '" + path + "': " + problem);
  }
}

void ParamStore::load(const std::string& path) {
  std::vector<LoadedParam> loaded;
  try {
    loaded = read_file(path);
  } catch (...) {
    rethrow_with_context("cannot load the param store file '" + path + "': ", "");
  }
  // Everything is read and checked: from here on nothing throws, so a bad file changes nothing.
  for (LoadedParam& p : loaded) {
    if (!contains(p.name))
      order_.push_back(p.name);
    params_[p.name] = Entry{std::move(p.unconstrained), std::move(p.constraint)};
  }
}

} // namespace kiln::poutine
