#include "core/util/tensor_json.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/util/error.h"
#include "core/util/json_fields.h"
#include "core/util/shape.h"

namespace kiln {

namespace {

struct DtypeName {
  at::ScalarType dtype;
  const char* name;
};

// torch's names, so that a file reads the same to someone who knows torch.dtype.
const DtypeName kDtypes[] = {{at::kDouble, "float64"},
                             {at::kFloat, "float32"},
                             {at::kHalf, "float16"},
                             {at::kBFloat16, "bfloat16"},
                             {at::kLong, "int64"}};

const char* dtype_name(at::ScalarType dtype) {
  for (const auto& d : kDtypes)
    if (d.dtype == dtype)
      return d.name;
  throw Error(std::string("tensors of dtype ") + c10::toString(dtype) +
              " cannot be written to JSON");
}

at::ScalarType dtype_from_name(const std::string& name) {
  std::string known;
  for (const auto& d : kDtypes) {
    if (name == d.name)
      return d.dtype;
    known += (known.empty() ? "" : ", ") + std::string(d.name);
  }
  throw Error("unknown dtype '" + name + "' (known: " + known + ")");
}

nlohmann::json float_json(double x) {
  if (std::isnan(x))
    return "nan";
  if (std::isinf(x))
    return x > 0 ? "inf" : "-inf";
  return x;
}

double float_from_json(const nlohmann::json& v, size_t i) {
  if (v.is_number())
    return v.get<double>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s == "nan")
      return std::numeric_limits<double>::quiet_NaN();
    if (s == "inf")
      return std::numeric_limits<double>::infinity();
    if (s == "-inf")
      return -std::numeric_limits<double>::infinity();
  }
  throw Error("values[" + std::to_string(i) + "] is " + json_kind(v) +
              ", but must be a number or one of \"nan\", \"inf\", \"-inf\"");
}

Shape read_shape(const nlohmann::json& obj, int64_t* numel) {
  const nlohmann::json& list = json_array_field(obj, "shape");
  Shape shape;
  *numel = 1;
  for (size_t i = 0; i < list.size(); ++i) {
    const nlohmann::json& d = list[i];
    if (!d.is_number_integer() || (d.is_number_unsigned() && d.get<uint64_t>() > INT64_MAX) ||
        d.get<int64_t>() < 0)
      throw Error("shape[" + std::to_string(i) + "] is " + d.dump() +
                  ", but must be a nonnegative integer");
    const int64_t n = d.get<int64_t>();
    // Saturates, so that a huge shape is reported as too many values rather than overflowing.
    *numel = (n != 0 && *numel > INT64_MAX / n) ? INT64_MAX : *numel * n;
    shape.push_back(n);
  }
  return shape;
}

} // namespace

void write_tensor(nlohmann::json& obj, const at::Tensor& tensor) {
  at::Tensor t = tensor.detach().to(at::kCPU).contiguous();
  obj["dtype"] = dtype_name(t.scalar_type());
  obj["shape"] = t.sizes().vec();
  nlohmann::json values = nlohmann::json::array();
  if (t.scalar_type() == at::kLong) {
    const int64_t* p = t.data_ptr<int64_t>();
    for (int64_t i = 0; i < t.numel(); ++i)
      values.push_back(p[i]);
  } else {
    // Every floating dtype widens to double exactly.
    at::Tensor d = t.to(at::kDouble);
    const double* p = d.data_ptr<double>();
    for (int64_t i = 0; i < d.numel(); ++i)
      values.push_back(float_json(p[i]));
  }
  obj["values"] = std::move(values);
}

at::Tensor read_tensor(const nlohmann::json& obj) {
  const at::ScalarType dtype = dtype_from_name(json_string_field(obj, "dtype"));
  int64_t numel = 0;
  const Shape shape = read_shape(obj, &numel);
  const nlohmann::json& values = json_array_field(obj, "values");
  if (static_cast<int64_t>(values.size()) != numel)
    throw Error("shape " + format_shape(shape) + " has " +
                (numel == INT64_MAX ? std::string("too many") : std::to_string(numel)) +
                " elements, but 'values' holds " + std::to_string(values.size()));

  if (dtype == at::kLong) {
    std::vector<int64_t> ints;
    for (size_t i = 0; i < values.size(); ++i) {
      const nlohmann::json& v = values[i];
      if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX))
        throw Error("values[" + std::to_string(i) + "] is " + v.dump() +
                    ", but must be an integer of int64");
      ints.push_back(v.get<int64_t>());
    }
    return at::tensor(ints, at::kLong).reshape(shape);
  }

  std::vector<double> doubles;
  for (size_t i = 0; i < values.size(); ++i)
    doubles.push_back(float_from_json(values[i], i));
  at::Tensor wide = at::tensor(doubles, at::kDouble);
  at::Tensor narrow = wide.to(dtype);
  // A finite value that the dtype cannot hold would silently become inf.
  at::Tensor overflow = at::isinf(narrow) & at::isfinite(wide);
  if (overflow.any().item<bool>()) {
    const int64_t i = overflow.nonzero()[0][0].item<int64_t>();
    throw Error("values[" + std::to_string(i) + "] is " + values[i].dump() +
                ", outside the range of " + dtype_name(dtype));
  }
  return narrow.reshape(shape);
}

} // namespace kiln
