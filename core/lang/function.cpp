#include "core/lang/function.h"

#include <algorithm>

#include "core/util/error.h"

namespace kiln::lang {

using Kind = Param::Kind;

Signature::Signature(std::string function_name, std::vector<Param> params)
    : name_(std::move(function_name)), params_(std::move(params)) {}

namespace {

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i)
      out += names.size() == 2 ? " and " : (i + 1 == names.size() ? ", and " : ", ");
    out += "'" + names[i] + "'";
  }
  return out;
}

} // namespace

BoundArgs Signature::bind(CallArgs& args) const {
  BoundArgs bound;
  bound.values.resize(params_.size());
  bound.given.assign(params_.size(), false);
  const std::string fn = name_ + "()";

  size_t next = 0;
  std::vector<Value> extra_positional;
  for (Value& arg : args.positional) {
    while (next < params_.size() && params_[next].kind != Kind::positional &&
           params_[next].kind != Kind::var_positional)
      ++next;
    if (next < params_.size() && params_[next].kind == Kind::positional) {
      bound.values[next] = std::move(arg);
      bound.given[next] = true;
      ++next;
    } else if (next < params_.size() && params_[next].kind == Kind::var_positional) {
      extra_positional.push_back(std::move(arg));
    } else {
      size_t max = std::count_if(params_.begin(), params_.end(),
                                 [](const Param& p) { return p.kind == Kind::positional; });
      throw Error(fn + " takes " + std::to_string(max) + " positional argument" +
                  (max == 1 ? "" : "s") + " but " + std::to_string(args.positional.size()) +
                  (args.positional.size() == 1 ? " was" : " were") + " given");
    }
  }

  DictPtr extra_keywords = std::make_shared<DictData>();
  for (auto& [name, value] : args.keywords) {
    auto it = std::find_if(params_.begin(), params_.end(), [&](const Param& p) {
      return p.name == name && (p.kind == Kind::positional || p.kind == Kind::keyword_only);
    });
    if (it == params_.end()) {
      bool has_var_keyword = std::any_of(params_.begin(), params_.end(), [](const Param& p) {
        return p.kind == Kind::var_keyword;
      });
      if (!has_var_keyword)
        throw Error(fn + " got an unexpected keyword argument '" + name + "'");
      extra_keywords->set(Value(name), std::move(value));
      continue;
    }
    size_t i = it - params_.begin();
    if (bound.given[i])
      throw Error(fn + " got multiple values for argument '" + name + "'");
    bound.values[i] = std::move(value);
    bound.given[i] = true;
  }

  std::vector<std::string> missing;
  for (size_t i = 0; i < params_.size(); ++i) {
    const Param& p = params_[i];
    if (p.kind == Kind::var_positional) {
      bound.values[i] = make_tuple(std::move(extra_positional));
    } else if (p.kind == Kind::var_keyword) {
      bound.values[i] = Value(extra_keywords);
    } else if (!bound.given[i]) {
      if (p.default_value)
        bound.values[i] = *p.default_value;
      else
        missing.push_back(p.name);
    }
  }
  if (!missing.empty())
    throw Error(fn + " missing " + std::to_string(missing.size()) + " required argument" +
                (missing.size() == 1 ? "" : "s") + ": " + quoted_list(missing));
  return bound;
}

Param required(std::string name) {
  return Param{std::move(name), std::nullopt, Kind::positional};
}

Param optional(std::string name, Value default_value) {
  return Param{std::move(name), std::move(default_value), Kind::positional};
}

Param keyword_only(std::string name, Value default_value) {
  return Param{std::move(name), std::move(default_value), Kind::keyword_only};
}

Param star(std::string name) {
  return Param{std::move(name), std::nullopt, Kind::var_positional};
}

Param star_star(std::string name) {
  return Param{std::move(name), std::nullopt, Kind::var_keyword};
}

std::string Builtin::repr() const {
  return "<built-in function " + signature_.function_name() + ">";
}

Value Builtin::call(CallArgs& args) {
  return body_(signature_.bind(args));
}

ObjectPtr make_builtin(std::string name, std::vector<Param> params, BuiltinBody body) {
  return std::make_shared<Builtin>(Signature(std::move(name), std::move(params)), std::move(body));
}

bool Namespace::get_attribute(const std::string& name, Value& out) {
  auto it = attrs_.find(name);
  if (it == attrs_.end())
    return false;
  out = it->second;
  return true;
}

void Namespace::define(const std::string& name, Value value) {
  attrs_[name] = std::move(value);
}

void Namespace::define_function(const std::string& name, std::vector<Param> params,
                                BuiltinBody body) {
  define(name, Value(make_builtin(name_ + "." + name, std::move(params), std::move(body))));
}

std::vector<std::string> Namespace::names() const {
  std::vector<std::string> out;
  for (const auto& [n, v] : attrs_)
    out.push_back(n);
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace kiln::lang
