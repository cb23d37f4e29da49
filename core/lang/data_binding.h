#pragma once
// Data for a model: a JSON object whose names are the model's arguments. A JSON number binds as
// a Python int or float; an array as torch.tensor(array) makes it, float64 by default and int64
// when every entry is an integer; strings, booleans, null and objects as Python would load them.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/lang/interpreter.h"

namespace kiln::lang {

using DataMap = std::map<std::string, Value>;

// `source` names the data in errors ("data.json"). Throws kiln::Error unless `object` is a
// JSON object whose arrays are rectangular.
DataMap values_from_json(const nlohmann::json& object, const std::string& source);

// The arguments of `function` taken by name from `data`: a parameter with a default may be
// absent; a missing required one is an error naming it and the data. Names of the data that
// no parameter takes are appended to `unused` (callers warn about them).
CallArgs bind_data(const Function& function, const DataMap& data, const std::string& source,
                   std::vector<std::string>* unused = nullptr);

} // namespace kiln::lang
