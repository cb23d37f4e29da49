#pragma once
// Functions the language can call that are written in C++ (torch.exp, pyro.sample, dist.Normal),
// with Python's rules for binding positional and keyword arguments to parameters.

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/lang/value.h"

namespace kiln::lang {

struct Param {
  enum class Kind { positional, var_positional, keyword_only, var_keyword };
  std::string name;
  // Absent: the argument is required.
  std::optional<Value> default_value;
  Kind kind = Kind::positional;
};

// The arguments of one call, bound to the parameters of a Signature.
struct BoundArgs {
  // One per parameter, in the signature's order; var_positional and var_keyword slots hold a
  // tuple and a dict.
  std::vector<Value> values;
  // Whether each was given by the caller (rather than filled from its default).
  std::vector<bool> given;

  const Value& operator[](size_t i) const { return values[i]; }
};

class Signature {
public:
  Signature(std::string function_name, std::vector<Param> params);
  // Throws kiln::Error in Python's words: "torch.sum() got an unexpected keyword argument
  // 'dims'", "Normal() missing 1 required positional argument: 'scale'".
  BoundArgs bind(CallArgs& args) const;
  const std::string& function_name() const { return name_; }
  const std::vector<Param>& params() const { return params_; }

private:
  std::string name_;
  std::vector<Param> params_;
};

// Shorthands for writing signatures: required("x"), optional("dim", None{}), star("args").
Param required(std::string name);
Param optional(std::string name, Value default_value);
Param keyword_only(std::string name, Value default_value);
Param star(std::string name);
Param star_star(std::string name);

using BuiltinBody = std::function<Value(const BoundArgs&)>;

class Builtin : public Object {
public:
  Builtin(Signature signature, BuiltinBody body)
      : signature_(std::move(signature)), body_(std::move(body)) {}
  std::string type_name() const override { return "builtin_function_or_method"; }
  std::string repr() const override;
  Value call(CallArgs& args) override;
  const Signature& signature() const { return signature_; }

private:
  Signature signature_;
  BuiltinBody body_;
};

ObjectPtr make_builtin(std::string name, std::vector<Param> params, BuiltinBody body);

// A module of the language (torch, pyro.distributions, math): named attributes.
class Namespace : public Object {
public:
  explicit Namespace(std::string name) : name_(std::move(name)) {}
  std::string type_name() const override { return "module"; }
  std::string repr() const override { return "<module '" + name_ + "'>"; }
  bool get_attribute(const std::string& name, Value& out) override;

  const std::string& name() const { return name_; }
  void define(const std::string& name, Value value);
  // Adds a builtin named "<namespace>.<name>" in error messages.
  void define_function(const std::string& name, std::vector<Param> params, BuiltinBody body);
  // Attribute names, sorted (for "did you mean").
  std::vector<std::string> names() const;

private:
  std::string name_;
  std::unordered_map<std::string, Value> attrs_;
};

using NamespacePtr = std::shared_ptr<Namespace>;

} // namespace kiln::lang
