#include "core/dist/registry.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include <ATen/ATen.h>

#include "core/util/error.h"

namespace kiln::dist {

namespace {

struct Registry {
  std::mutex mutex;
  std::map<std::string, FamilyInfo> families;
};

Registry& registry() {
  static Registry r;
  return r;
}

template <class T> const char* type_name();
template <> const char* type_name<TensorArg>() {
  return "a number or tensor";
}
template <> const char* type_name<DistPtr>() {
  return "a distribution";
}
template <> const char* type_name<ConstraintPtr>() {
  return "a constraint";
}
template <> const char* type_name<Shape>() {
  return "a shape";
}

} // namespace

const ArgValue& DistArgs::get(const std::string& name) const {
  auto it = args_.find(name);
  if (it == args_.end())
    throw Error(family + ": missing required argument '" + name + "'");
  return it->second;
}

namespace {
template <class T>
const T& as(const ArgValue& v, const std::string& family, const std::string& name) {
  if (const T* p = std::get_if<T>(&v))
    return *p;
  throw Error(family + ": argument '" + name + "' must be " + type_name<T>());
}
} // namespace

TensorArg DistArgs::tensor(const std::string& name) const {
  return as<TensorArg>(get(name), family, name);
}

TensorArg DistArgs::tensor_or(const std::string& name, double fallback) const {
  return has(name) ? tensor(name) : TensorArg(fallback);
}

std::optional<TensorArg> DistArgs::optional_tensor(const std::string& name) const {
  if (!has(name))
    return std::nullopt;
  return tensor(name);
}

int64_t DistArgs::integer_or(const std::string& name, int64_t fallback) const {
  return has(name) ? integer(name) : fallback;
}

int64_t DistArgs::integer(const std::string& name) const {
  const auto& t = tensor(name).tensor();
  if (t.numel() != 1)
    throw Error(family + ": argument '" + name + "' must be a single integer");
  const double x = t.item<double>();
  if (!std::isfinite(x) || std::abs(x) > 9e15 || x != std::floor(x))
    throw Error(family + ": argument '" + name + "' must be an integer");
  return static_cast<int64_t>(x);
}

DistPtr DistArgs::distribution(const std::string& name) const {
  return as<DistPtr>(get(name), family, name);
}

std::vector<TransformPtr> DistArgs::transforms(const std::string& name) const {
  const auto& v = get(name);
  if (const auto* one = std::get_if<TransformPtr>(&v))
    return {*one};
  if (const auto* many = std::get_if<std::vector<TransformPtr>>(&v))
    return *many;
  throw Error(family + ": argument '" + name + "' must be a transform or a list of transforms");
}

ConstraintPtr DistArgs::constraint(const std::string& name) const {
  return as<ConstraintPtr>(get(name), family, name);
}

Shape DistArgs::shape_or(const std::string& name, const Shape& fallback) const {
  return has(name) ? as<Shape>(get(name), family, name) : fallback;
}

bool register_family(FamilyInfo info) {
  auto& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.families[info.name] = std::move(info);
  return true;
}

const FamilyInfo* find_family(const std::string& name) {
  auto& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.families.find(name);
  return it == r.families.end() ? nullptr : &it->second;
}

std::vector<std::string> family_names() {
  auto& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  std::vector<std::string> out;
  for (const auto& [name, info] : r.families)
    out.push_back(name);
  return out;
}

DistPtr make_distribution(const std::string& family, DistArgs args) {
  const FamilyInfo* info = find_family(family);
  if (!info)
    throw Error("unknown distribution family '" + family + "'");
  args.family = family;
  for (const auto& [name, value] : args.all()) {
    if (std::find(info->arg_names.begin(), info->arg_names.end(), name) == info->arg_names.end()) {
      std::string expected;
      for (const auto& a : info->arg_names)
        expected += (expected.empty() ? "" : ", ") + a;
      throw Error(family + ": unexpected argument '" + name + "' (its arguments are " + expected +
                  ")");
    }
  }
  return info->make(args);
}

} // namespace kiln::dist
