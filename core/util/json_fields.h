#pragma once
// Reading fields of JSON objects that files written by Kiln hold, with errors that say which
// field is missing or of the wrong kind: "missing field 'shape'", "field 'shape' is a string,
// but must be an array".

#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace kiln {

// "an object", "an array", "a string", "a number", "null", ...
std::string json_kind(const nlohmann::json& value);

// Throws kiln::Error unless `value` is an object.
const nlohmann::json& json_expect_object(const nlohmann::json& value, const std::string& what);

// The field `key` of the object `obj`, which must exist and be of the kind named.
const nlohmann::json& json_object_field(const nlohmann::json& obj, const std::string& key);
const nlohmann::json& json_array_field(const nlohmann::json& obj, const std::string& key);
std::string json_string_field(const nlohmann::json& obj, const std::string& key);
int64_t json_int_field(const nlohmann::json& obj, const std::string& key);

} // namespace kiln
