#include "core/lang/builtins/nn_modules.h"

#include <cmath>

#include <ATen/ATen.h>

#include "core/lang/builtins/arguments.h"
#include "core/lang/builtins/builtin_errors.h"
#include "core/lang/function.h"
#include "core/util/random.h"

namespace kiln::lang {

Value NnModule::call(CallArgs& args) {
  BoundArgs bound = Signature(type_name(), {required("input")}).bind(args);
  return call_named(
      type_name(),
      [this](const BoundArgs& a) { return Value(forward(tensor_input(a[0], "input"))); }, bound);
}

Linear::Linear(int64_t in_features, int64_t out_features, bool bias)
    : in_features_(in_features), out_features_(out_features) {
  auto options = at::TensorOptions().dtype(at::get_default_dtype());
  // torch's reset_parameters: kaiming_uniform_(a=sqrt(5)) gives the bound
  // sqrt(6 / ((1 + 5) * fan_in)) = 1 / sqrt(fan_in); the bias uses 1 / sqrt(fan_in) too.
  double bound = in_features > 0 ? 1.0 / std::sqrt(static_cast<double>(in_features)) : 0.0;
  weight_ = at::empty({out_features, in_features}, options).uniform_(-bound, bound, generator());
  if (bias)
    bias_ = at::empty({out_features}, options).uniform_(-bound, bound, generator());
}

std::string Linear::repr() const {
  return "Linear(in_features=" + std::to_string(in_features_) +
         ", out_features=" + std::to_string(out_features_) +
         ", bias=" + (bias_.defined() ? "True" : "False") + ")";
}

bool Linear::get_attribute(const std::string& name, Value& out) {
  if (name == "weight")
    out = weight_;
  else if (name == "bias")
    out = bias_.defined() ? Value(bias_) : Value();
  else if (name == "in_features")
    out = in_features_;
  else if (name == "out_features")
    out = out_features_;
  else
    return false;
  return true;
}

std::vector<std::pair<std::string, at::Tensor*>> Linear::named_parameters() {
  std::vector<std::pair<std::string, at::Tensor*>> out = {{"weight", &weight_}};
  if (bias_.defined())
    out.emplace_back("bias", &bias_);
  return out;
}

at::Tensor Linear::forward(const at::Tensor& input) {
  return at::linear(input, weight_,
                    bias_.defined() ? c10::optional<at::Tensor>(bias_) : c10::nullopt);
}

std::string Sequential::repr() const {
  std::string out = "Sequential(";
  for (size_t i = 0; i < modules_.size(); ++i)
    out += (i ? ", " : "") + modules_[i]->repr();
  return out + ")";
}

std::vector<std::pair<std::string, at::Tensor*>> Sequential::named_parameters() {
  std::vector<std::pair<std::string, at::Tensor*>> out;
  for (size_t i = 0; i < modules_.size(); ++i)
    for (auto& [name, tensor] : modules_[i]->named_parameters())
      out.emplace_back(std::to_string(i) + "." + name, tensor);
  return out;
}

at::Tensor Sequential::forward(const at::Tensor& input) {
  at::Tensor x = input;
  for (const auto& module : modules_)
    x = module->forward(x);
  return x;
}

} // namespace kiln::lang
