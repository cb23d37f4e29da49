#include "core/lang/data_binding.h"

#include <nlohmann/json.hpp>

#include "core/lang/conversions.h"
#include "core/util/error.h"

namespace kiln::lang {

namespace {

bool all_numeric(const nlohmann::json& array) {
  for (const auto& item : array)
    if (!(item.is_number() || item.is_boolean() || (item.is_array() && all_numeric(item))))
      return false;
  return true;
}

// Nested lists of numbers, converted to one tensor only at the top.
Value numeric_list(const nlohmann::json& j) {
  if (!j.is_array())
    return j.is_boolean()          ? Value(j.get<bool>())
           : j.is_number_integer() ? Value(j.get<int64_t>())
                                   : Value(j.get<double>());
  std::vector<Value> items;
  for (const auto& item : j)
    items.push_back(numeric_list(item));
  return make_list(std::move(items));
}

Value from_json(const nlohmann::json& j, const std::string& where) {
  if (j.is_null())
    return Value();
  if (j.is_boolean())
    return j.get<bool>();
  if (j.is_number_integer())
    return j.get<int64_t>();
  if (j.is_number())
    return j.get<double>();
  if (j.is_string())
    return j.get<std::string>();
  if (j.is_array() && all_numeric(j))
    return to_tensor(numeric_list(j), where);
  if (j.is_array()) {
    std::vector<Value> items;
    for (size_t i = 0; i < j.size(); ++i)
      items.push_back(from_json(j[i], where + "[" + std::to_string(i) + "]"));
    return make_list(std::move(items));
  }
  Value dict = make_dict();
  for (const auto& [key, value] : j.items())
    dict.get<DictPtr>()->set(Value(key), from_json(value, where + "." + key));
  return dict;
}

} // namespace

DataMap values_from_json(const nlohmann::json& object, const std::string& source) {
  if (!object.is_object())
    throw Error(source + ": the data must be a JSON object whose names are the model's arguments");
  DataMap data;
  for (const auto& [key, value] : object.items())
    data[key] = from_json(value, source + ": '" + key + "'");
  return data;
}

CallArgs bind_data(const Function& function, const DataMap& data, const std::string& source,
                   std::vector<std::string>* unused) {
  CallArgs args;
  std::vector<std::string> missing;
  for (const Param& p : function.signature.params()) {
    if (p.kind == Param::Kind::var_positional || p.kind == Param::Kind::var_keyword)
      continue;
    auto it = data.find(p.name);
    if (it != data.end())
      args.keywords.emplace_back(p.name, it->second);
    else if (!p.default_value)
      missing.push_back(p.name);
  }
  if (!missing.empty()) {
    std::string names;
    for (const auto& m : missing)
      names += (names.empty() ? "'" : ", '") + m + "'";
    throw Error(function.signature.function_name() + "() needs " + names + ", which " + source +
                (missing.size() == 1 ? " does" : " do") + " not provide");
  }
  if (unused)
    for (const auto& [name, _] : data) {
      bool taken = false;
      for (const Param& p : function.signature.params())
        taken = taken || p.name == name;
      if (!taken)
        unused->push_back(name);
    }
  return args;
}

} // namespace kiln::lang
