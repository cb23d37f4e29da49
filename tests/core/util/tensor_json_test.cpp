// Tensors to JSON and back: bit-identical for every dtype written, non-finite values included.
#include <limits>
#include <string>

#include <ATen/ATen.h>
#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include "core/util/error.h"
#include "core/util/tensor_json.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using json = nlohmann::json;

namespace {

at::Tensor round_trip(const at::Tensor& t) {
  json j = json::object();
  write_tensor(j, t);
  return read_tensor(json::parse(j.dump()));
}

// The same dtype, shape and bits.
bool bit_identical(const at::Tensor& a, const at::Tensor& b) {
  if (a.scalar_type() != b.scalar_type() || a.sizes() != b.sizes())
    return false;
  const auto bits = a.element_size() == 8   ? at::kLong
                    : a.element_size() == 4 ? at::kInt
                                            : at::kShort;
  return at::equal(a.contiguous().view(bits), b.contiguous().view(bits));
}

} // namespace

class TensorJsonTest : public QObject {
  Q_OBJECT
private slots:
  void init() { reset(); }

  void floatsReadBackBitIdentical() {
    const double inf = std::numeric_limits<double>::infinity();
    // Random mantissas over the whole exponent range, and the values that print badly.
    auto wide =
        at::randn({2000}, at::kDouble) * at::pow(2., at::randint(-1070, 1020, {2000}, at::kDouble));
    auto special = T({-0.0, 0.0, 5e-324, 2.2250738585072009e-308, 0.1, 1. / 3.,
                      std::numeric_limits<double>::max(), -inf, inf,
                      std::numeric_limits<double>::quiet_NaN()});
    QVERIFY(at::isfinite(wide).all().item<bool>());
    QVERIFY(((wide.abs() < 2.2250738585072014e-308) & (wide != 0)).any().item<bool>());
    for (const auto& t : {wide, special, wide.view({40, 50})}) {
      for (auto dtype : {at::kDouble, at::kFloat, at::kHalf, at::kBFloat16}) {
        const auto x = t.to(dtype);
        QVERIFY2(bit_identical(round_trip(x), x), c10::toString(dtype));
      }
    }
  }

  void integersScalarsAndEmpty() {
    const auto ints = at::tensor({int64_t(-3), int64_t(1) << 62, int64_t(0)}, at::kLong);
    QVERIFY(bit_identical(round_trip(ints), ints));
    QVERIFY(bit_identical(round_trip(T(2.5)), T(2.5)));
    const auto empty = at::zeros({0, 3}, at::kDouble);
    QVERIFY(bit_identical(round_trip(empty), empty));
    // A non-contiguous view is written in its logical order.
    const auto m = T({{1., 2.}, {3., 4.}});
    QVERIFY(at::equal(round_trip(m.t()), m.t()));
  }

  void layout() {
    json j = json::object();
    write_tensor(j, T({{0.5, std::numeric_limits<double>::quiet_NaN()}}));
    QCOMPARE(j, json({{"dtype", "float64"}, {"shape", {1, 2}}, {"values", {0.5, "nan"}}}));
  }

  void unwritableDtypeRejected() {
    json j = json::object();
    QVERIFY_THROWS_EXCEPTION(Error, write_tensor(j, at::ones({2}, at::kBool)));
    QVERIFY_THROWS_EXCEPTION(Error, write_tensor(j, at::ones({2}, at::kComplexDouble)));
  }
};

QTEST_GUILESS_MAIN(TensorJsonTest)
#include "tensor_json_test.moc"
