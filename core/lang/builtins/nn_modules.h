#pragma once
// torch.nn modules as objects of the model language: callable on a tensor, and poutine::Modules
// so that pyro.module registers their parameters (Pyro names them "name$$$weight").

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/lang/value.h"
#include "core/poutine/primitives.h"

namespace kiln::lang {

class NnModule : public Object, public poutine::Module {
public:
  // module(input): forward, with errors named after the module ("Linear(): mat1 and ...").
  Value call(CallArgs& args) override;
  // Modules without parameters have none to register.
  std::vector<std::pair<std::string, at::Tensor*>> named_parameters() override { return {}; }
  virtual at::Tensor forward(const at::Tensor& input) = 0;
};

// y = x W^T + b, initialised as torch does (weight kaiming-uniform with a = sqrt(5), which is
// U(-1/sqrt(in), 1/sqrt(in)); bias the same), drawing from kiln::generator() in the default dtype.
class Linear : public NnModule {
public:
  Linear(int64_t in_features, int64_t out_features, bool bias);
  std::string type_name() const override { return "Linear"; }
  std::string repr() const override;
  // weight, bias (None without one), in_features, out_features.
  bool get_attribute(const std::string& name, Value& out) override;
  std::vector<std::pair<std::string, at::Tensor*>> named_parameters() override;
  at::Tensor forward(const at::Tensor& input) override;

private:
  int64_t in_features_, out_features_;
  at::Tensor weight_, bias_;
};

// ReLU(), Softplus(beta, threshold), Softmax(dim): a function of the input, no parameters.
class Activation : public NnModule {
public:
  Activation(std::string name, std::string arguments,
             std::function<at::Tensor(const at::Tensor&)> f)
      : name_(std::move(name)), arguments_(std::move(arguments)), f_(std::move(f)) {}
  std::string type_name() const override { return name_; }
  // "Softplus(beta=2, threshold=20)".
  std::string repr() const override { return name_ + "(" + arguments_ + ")"; }
  at::Tensor forward(const at::Tensor& input) override { return f_(input); }

private:
  std::string name_, arguments_;
  std::function<at::Tensor(const at::Tensor&)> f_;
};

// Sequential(m0, m1, ...): each module applied to the output of the one before; its parameters
// are its children's, named "0.weight", "2.bias" as torch names them.
class Sequential : public NnModule {
public:
  explicit Sequential(std::vector<std::shared_ptr<NnModule>> modules)
      : modules_(std::move(modules)) {}
  std::string type_name() const override { return "Sequential"; }
  std::string repr() const override;
  std::vector<std::pair<std::string, at::Tensor*>> named_parameters() override;
  at::Tensor forward(const at::Tensor& input) override;

private:
  std::vector<std::shared_ptr<NnModule>> modules_;
};

} // namespace kiln::lang
