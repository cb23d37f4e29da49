#include "core/util/json_fields.h"

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace kiln {

namespace {

const nlohmann::json& field(const nlohmann::json& obj, const std::string& key) {
  auto it = obj.find(key);
  if (it == obj.end())
    throw Error("missing field '" + key + "'");
  return *it;
}

[[noreturn]] void wrong_kind(const std::string& key, const nlohmann::json& value,
                             const char* expected) {
  throw Error("field '" + key + "' is " + json_kind(value) + ", but must be " + expected);
}

} // namespace

std::string json_kind(const nlohmann::json& value) {
  switch (value.type()) {
  case nlohmann::json::value_t::null:
    return "null";
  case nlohmann::json::value_t::object:
    return "an object";
  case nlohmann::json::value_t::array:
    return "an array";
  case nlohmann::json::value_t::string:
    return "a string";
  case nlohmann::json::value_t::boolean:
    return "a boolean";
  case nlohmann::json::value_t::number_integer:
  case nlohmann::json::value_t::number_unsigned:
    return "an integer";
  case nlohmann::json::value_t::number_float:
    return "a number";
  default:
    return "binary data";
  }
}

const nlohmann::json& json_expect_object(const nlohmann::json& value, const std::string& what) {
  if (!value.is_object())
    throw Error(what + " is " + json_kind(value) + ", but must be an object");
  return value;
}

const nlohmann::json& json_object_field(const nlohmann::json& obj, const std::string& key) {
  const nlohmann::json& value = field(obj, key);
  if (!value.is_object())
    wrong_kind(key, value, "an object");
  return value;
}

const nlohmann::json& json_array_field(const nlohmann::json& obj, const std::string& key) {
  const nlohmann::json& value = field(obj, key);
  if (!value.is_array())
    wrong_kind(key, value, "an array");
  return value;
}

std::string json_string_field(const nlohmann::json& obj, const std::string& key) {
  const nlohmann::json& value = field(obj, key);
  if (!value.is_string())
    wrong_kind(key, value, "a string");
  return value.get<std::string>();
}

int64_t json_int_field(const nlohmann::json& obj, const std::string& key) {
  const nlohmann::json& value = field(obj, key);
  if (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(INT64_MAX))
    throw Error("field '" + key + "' is too large");
  if (!value.is_number_integer())
    wrong_kind(key, value, "an integer");
  return value.get<int64_t>();
}

} // namespace kiln
