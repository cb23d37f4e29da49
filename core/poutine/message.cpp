#include "core/poutine/message.h"

#include <ATen/ATen.h>

namespace kiln::poutine {

const char* site_type_name(SiteType type) {
  switch (type) {
  case SiteType::Sample:
    return "sample";
  case SiteType::Param:
    return "param";
  case SiteType::Deterministic:
    return "deterministic";
  case SiteType::Plate:
    return "plate";
  case SiteType::Subsample:
    return "subsample";
  }
  return "unknown";
}

std::string infer_string(const InferDict& infer, const std::string& key,
                         const std::string& fallback) {
  auto it = infer.find(key);
  if (it == infer.end())
    return fallback;
  const auto* s = std::get_if<std::string>(&it->second);
  return s ? *s : fallback;
}

bool infer_bool(const InferDict& infer, const std::string& key, bool fallback) {
  auto it = infer.find(key);
  if (it == infer.end())
    return fallback;
  const auto* b = std::get_if<bool>(&it->second);
  return b ? *b : fallback;
}

int64_t infer_int(const InferDict& infer, const std::string& key, int64_t fallback) {
  auto it = infer.find(key);
  if (it == infer.end())
    return fallback;
  const auto* i = std::get_if<int64_t>(&it->second);
  return i ? *i : fallback;
}

bool CondIndepFrame::operator==(const CondIndepFrame& other) const {
  return name == other.name && dim == other.dim && size == other.size &&
         full_size == other.full_size && counter == other.counter;
}

Scale& Scale::operator*=(double x) {
  factor *= x;
  return *this;
}

Scale& Scale::operator*=(const at::Tensor& t) {
  tensor = tensor.defined() ? tensor * t : t;
  return *this;
}

at::Tensor Scale::apply(const at::Tensor& log_prob) const {
  if (is_one())
    return log_prob;
  at::Tensor out = factor == 1.0 ? log_prob : log_prob * factor;
  return tensor.defined() ? out * tensor : out;
}

} // namespace kiln::poutine
