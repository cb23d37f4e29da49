#include "app/kiln/arguments.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace kiln::cli {

namespace {

void flatten(const nlohmann::json& j, std::vector<double>& values, Shape& shape, size_t depth,
             bool& integral) {
  if (j.is_number() || j.is_boolean()) {
    if (depth != shape.size())
      throw Error("ragged nested list");
    integral = integral && (j.is_number_integer() || j.is_boolean());
    values.push_back(j.get<double>());
    return;
  }
  if (!j.is_array())
    throw Error("expected a number or a list of numbers");
  if (depth == shape.size())
    shape.push_back(static_cast<int64_t>(j.size()));
  else if (shape[depth] != static_cast<int64_t>(j.size()))
    throw Error("ragged nested list");
  for (const auto& item : j)
    flatten(item, values, shape, depth + 1, integral);
}

// A JSON number binds as a Python number, an array as torch.tensor(value) would make it.
dist::TensorArg to_arg(const nlohmann::json& j) {
  if (j.is_number())
    return dist::TensorArg(j.get<double>());
  std::vector<double> values;
  Shape shape;
  bool integral = true;
  flatten(j, values, shape, 0, integral);
  auto t = at::tensor(values, at::kDouble).reshape(shape);
  return dist::TensorArg(integral ? t.to(at::kLong) : t);
}

} // namespace

dist::DistArgs parse_dist_args(const std::vector<std::string>& words) {
  dist::DistArgs args;
  for (const auto& w : words) {
    const auto eq = w.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error("'" + w + "': arguments are written name=value, e.g. scale=2");
    const std::string name = w.substr(0, eq);
    try {
      args.set(name, to_arg(nlohmann::json::parse(w.substr(eq + 1))));
    } catch (const nlohmann::json::exception&) {
      throw Error("'" + w + "': the value must be a number or a JSON list such as [1, 2.5]");
    } catch (const Error& e) {
      throw Error("'" + w + "': " + e.what());
    }
  }
  return args;
}

} // namespace kiln::cli
