#include "app/kiln/arguments.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace kiln::cli {

namespace {

// The shape read down the first elements: [[1, 2], [3, 4]] -> (2, 2).
Shape leading_shape(const nlohmann::json& j) {
  Shape shape;
  const nlohmann::json* node = &j;
  while (node->is_array()) {
    shape.push_back(static_cast<int64_t>(node->size()));
    if (node->empty())
      break;
    node = &(*node)[0];
  }
  return shape;
}

// Collects the numbers row by row, checking every list against `shape`.
void flatten(const nlohmann::json& j, const Shape& shape, size_t depth, std::vector<double>& values,
             bool& integral) {
  if (depth == shape.size()) {
    if (!j.is_number() && !j.is_boolean())
      throw Error("lists must be rectangular and hold numbers");
    integral = integral && (j.is_number_integer() || j.is_boolean());
    values.push_back(j.get<double>());
    return;
  }
  if (!j.is_array() || static_cast<int64_t>(j.size()) != shape[depth])
    throw Error("lists must be rectangular and hold numbers");
  for (const auto& item : j)
    flatten(item, shape, depth + 1, values, integral);
}

// A JSON number binds as a Python number, an array as torch.tensor(value) would make it.
dist::TensorArg to_arg(const nlohmann::json& j) {
  if (j.is_number())
    return dist::TensorArg(j.get<double>());
  std::vector<double> values;
  const Shape shape = leading_shape(j);
  bool integral = true;
  flatten(j, shape, 0, values, integral);
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
