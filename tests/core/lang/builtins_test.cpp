// torch and tensor methods in the model language: each called through its Value interface and
// compared with ATen called directly; binding and ATen errors with their messages; dtype rules.

#include <QtTest/QtTest>

#include <ATen/ATen.h>

#include "core/lang/builtins/dtype.h"
#include "core/lang/builtins/python_builtins.h"
#include "core/lang/builtins/tensor_methods.h"
#include "core/lang/builtins/torch_namespace.h"
#include "core/lang/conversions.h"
#include "core/util/error.h"
#include "core/util/random.h"
#include "tests/support/fixture.h"
#include "tests/support/lang_calls.h"

using namespace kiln;
using namespace kiln::lang;
using test::attr;
using test::call;
using test::T;
using test::tensor;

namespace {

Value g_torch;

Value torch_ns() {
  return g_torch;
}

Value ints(std::vector<int64_t> xs) {
  std::vector<Value> items(xs.begin(), xs.end());
  return make_list(std::move(items));
}

Value floats(std::vector<double> xs) {
  std::vector<Value> items(xs.begin(), xs.end());
  return make_list(std::move(items));
}

// The message of the error of type E that f throws.
template <class E = Error, class F> std::string thrown(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(nothing thrown)";
}

bool same(const at::Tensor& a, const at::Tensor& b) {
  return a.scalar_type() == b.scalar_type() && a.sizes() == b.sizes() &&
         at::allclose(a, b, 1e-12, 1e-12, /*equal_nan=*/true);
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

// A 2x3 float64 matrix with positive entries.
at::Tensor matrix() {
  return T({{0.5, 1.5, 2.0}, {3.0, 0.25, 1.0}});
}

} // namespace

class BuiltinsTest : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() { g_torch = Value(ObjectPtr(make_torch_namespace())); }
  void init() { test::reset(); }

  void tensorDtypesFollowTorch() {
    QCOMPARE(tensor(call(torch_ns(), "tensor", {ints({1, 2})})).scalar_type(), at::kLong);
    QCOMPARE(tensor(call(torch_ns(), "tensor", {make_list({1.0, 2})})).scalar_type(), at::kDouble);
    QCOMPARE(tensor(call(torch_ns(), "tensor", {make_list({true, false})})).scalar_type(),
             at::kBool);
    QCOMPARE(tensor(call(torch_ns(), "tensor", {2.5})).dim(), 0);
    Value f32 =
        call(torch_ns(), "tensor", {ints({1, 2})}, {{"dtype", attr(torch_ns(), "float32")}});
    QCOMPARE(tensor(f32).scalar_type(), at::kFloat);
    QVERIFY(equal(attr(f32, "dtype"), attr(torch_ns(), "float")));
    QCOMPARE(repr(attr(f32, "dtype")), std::string("torch.float32"));
    QCOMPARE(repr(attr(torch_ns(), "double")), std::string("torch.float64"));
    // Python's int and float name int64 and float64 as dtypes, as torch takes them.
    Value builtins = Value(ObjectPtr(make_python_builtins()));
    QCOMPARE(
        tensor(call(torch_ns(), "zeros", {2}, {{"dtype", attr(builtins, "int")}})).scalar_type(),
        at::kLong);
    QCOMPARE(scalar_type_of(attr(builtins, "float")), at::kDouble);

    QCOMPARE(tensor(call(torch_ns(), "arange", {5})).scalar_type(), at::kLong);
    QVERIFY(same(tensor(call(torch_ns(), "arange", {5})), at::arange(5, at::kLong)));
    QCOMPARE(tensor(call(torch_ns(), "arange", {5.0})).scalar_type(), at::kDouble);
    QVERIFY(same(tensor(call(torch_ns(), "arange", {0, 1, 0.25})), T({0, 0.25, 0.5, 0.75})));
    QVERIFY(same(tensor(call(torch_ns(), "arange", {}, {{"end", 3}})), at::arange(3, at::kLong)));
    QVERIFY(same(tensor(call(torch_ns(), "linspace", {0, 1, 5})),
                 at::linspace(0., 1., 5, at::kDouble)));

    QVERIFY(same(tensor(call(torch_ns(), "zeros", {2, 3})), at::zeros({2, 3}, at::kDouble)));
    QVERIFY(same(tensor(call(torch_ns(), "ones", {make_tuple({2, 3})})),
                 at::ones({2, 3}, at::kDouble)));
    QCOMPARE(tensor(call(torch_ns(), "full", {make_tuple({2}), 3})).scalar_type(), at::kLong);
    QCOMPARE(tensor(call(torch_ns(), "full", {make_tuple({2}), 1.5})).scalar_type(), at::kDouble);
    QVERIFY(same(tensor(call(torch_ns(), "eye", {2, 3})), at::eye(2, 3, at::kDouble)));
    QVERIFY(same(tensor(call(torch_ns(), "zeros_like", {at::ones({2}, at::kLong)})),
                 at::zeros({2}, at::kLong)));
  }

  void pythonNumbersPromoteAsScalars() {
    at::Tensor i = at::arange(3, at::kLong);
    QCOMPARE(tensor(call(torch_ns(), "mul", {i, 0.5})).scalar_type(), at::kDouble);
    QCOMPARE(tensor(call(torch_ns(), "add", {i, 2})).scalar_type(), at::kLong);
    at::Tensor f = at::ones({2}, at::kFloat);
    QCOMPARE(tensor(call(torch_ns(), "mul", {f, 2.0})).scalar_type(), at::kFloat);
    QCOMPARE(tensor(call(torch_ns(), "pow", {f, 2})).scalar_type(), at::kFloat);
    QVERIFY(same(tensor(call(torch_ns(), "pow", {2, T({1, 3})})), T({2, 8})));
    QCOMPARE(tensor(call(torch_ns(), "exp", {i})).scalar_type(), at::kDouble);
    QVERIFY(
        same(tensor(call(torch_ns(), "where", {T({1, 0}).to(at::kBool), i.slice(0, 0, 2), 0.5})),
             T({0, 0.5})));
  }

  void conversionMethodsFollowTorch() {
    at::Tensor x = T({1.5, -2.5});
    QCOMPARE(tensor(call(x, "float", {})).scalar_type(), at::kFloat);
    QCOMPARE(tensor(call(x, "double", {})).scalar_type(), at::kDouble);
    QVERIFY(same(tensor(call(x, "long", {})), at::tensor({1, -2}, at::kLong)));
    QCOMPARE(tensor(call(x, "int", {})).scalar_type(), at::kInt);
    QCOMPARE(tensor(call(x, "bool", {})).scalar_type(), at::kBool);
    QCOMPARE(tensor(call(x, "to", {attr(torch_ns(), "int64")})).scalar_type(), at::kLong);
    QCOMPARE(tensor(call(x, "to", {}, {{"dtype", attr(torch_ns(), "float32")}})).scalar_type(),
             at::kFloat);
    QCOMPARE(tensor(call(x, "to", {at::ones({1}, at::kInt)})).scalar_type(), at::kInt);
    QCOMPARE(tensor(call(x, "new_zeros", {2, 2})).scalar_type(), at::kDouble);
    QVERIFY(
        same(tensor(call(x, "new_ones", {make_tuple({3})}, {{"dtype", attr(torch_ns(), "long")}})),
             at::ones({3}, at::kLong)));
    QVERIFY(same(tensor(call(x, "new_tensor", {ints({4, 5})})), T({4, 5})));
  }

  void elementwiseFunctionsMatchAten() {
    at::Tensor x = T({0.2, 0.5, 0.9});
    const std::vector<std::pair<std::string, at::Tensor>> cases = {
        {"exp", at::exp(x)},       {"log", at::log(x)},         {"log1p", at::log1p(x)},
        {"expm1", at::expm1(x)},   {"sqrt", at::sqrt(x)},       {"rsqrt", at::rsqrt(x)},
        {"abs", at::abs(-x)},      {"sin", at::sin(x)},         {"cos", at::cos(x)},
        {"tan", at::tan(x)},       {"tanh", at::tanh(x)},       {"sigmoid", at::sigmoid(x)},
        {"logit", at::logit(x)},   {"erf", at::erf(x)},         {"erfc", at::erfc(x)},
        {"lgamma", at::lgamma(x)}, {"digamma", at::digamma(x)}, {"floor", at::floor(x)},
        {"ceil", at::ceil(x)},     {"round", at::round(x)},     {"sign", at::sign(x)},
        {"isnan", at::isnan(x)},   {"isinf", at::isinf(x)},     {"isfinite", at::isfinite(x)},
    };
    for (const auto& [name, expected] : cases) {
      at::Tensor input = name == "abs" ? -x : x;
      QVERIFY2(same(tensor(call(torch_ns(), name, {input})), expected), name.c_str());
      QVERIFY2(same(tensor(call(input, name, {})), expected), name.c_str());
    }
    at::Tensor y = T({1.0, 0.1, 0.5});
    QVERIFY(same(tensor(call(torch_ns(), "maximum", {x, y})), at::maximum(x, y)));
    QVERIFY(same(tensor(call(torch_ns(), "minimum", {x, y})), at::minimum(x, y)));
    QVERIFY(same(tensor(call(torch_ns(), "pow", {x}, {{"exponent", y}})), at::pow(x, y)));
    QVERIFY(same(tensor(call(x, "pow", {2})), at::pow(x, 2)));
    QVERIFY(same(tensor(call(torch_ns(), "clamp", {x}, {{"min", 0.3}})), at::clamp_min(x, 0.3)));
    QVERIFY(same(tensor(call(torch_ns(), "clamp", {x, 0.3, 0.6})), at::clamp(x, 0.3, 0.6)));
    QVERIFY(same(tensor(call(x, "clamp", {}, {{"max", y}})), at::minimum(x, y)));
    QVERIFY(same(tensor(call(x, "clamp_min", {0.4})), at::clamp_min(x, 0.4)));
    QVERIFY(same(tensor(call(torch_ns(), "where", {at::gt(x, 0.4), x, y})),
                 at::where(at::gt(x, 0.4), x, y)));
    QVERIFY(same(tensor(call(torch_ns(), "round", {T({1.234})}, {{"decimals", 1}})), T({1.2})));
    QVERIFY(same(tensor(call(torch_ns(), "logit", {x}, {{"eps", 0.3}})), at::logit(x, 0.3)));
  }

  void reductionsMatchAten() {
    at::Tensor x = matrix();
    QVERIFY(same(tensor(call(torch_ns(), "sum", {x})), at::sum(x)));
    QVERIFY(same(tensor(call(torch_ns(), "sum", {x, 1})), at::sum(x, {1})));
    QVERIFY(same(tensor(call(x, "sum", {-1, true})), at::sum(x, {-1}, true)));
    QVERIFY(same(tensor(call(x, "sum", {}, {{"dim", make_tuple({0, 1})}, {"keepdim", true}})),
                 at::sum(x, at::IntArrayRef{0, 1}, true)));
    QCOMPARE(tensor(call(torch_ns(), "sum", {at::ones({3}, at::kLong)})).scalar_type(), at::kLong);
    QVERIFY(same(tensor(call(torch_ns(), "mean", {x}, {{"dim", 0}})), at::mean(x, {0})));
    QVERIFY(same(tensor(call(torch_ns(), "prod", {x, 1})), at::prod(x, 1)));
    QVERIFY(same(tensor(call(torch_ns(), "std", {x})), at::std(x)));
    QVERIFY(same(tensor(call(torch_ns(), "std", {x, false})), at::std(x, false)));
    QVERIFY(same(tensor(call(x, "var", {1}, {{"unbiased", false}})), at::var(x, {1}, false)));
    QVERIFY(same(tensor(call(torch_ns(), "logsumexp", {x, 1})), at::logsumexp(x, {1})));
    QVERIFY(same(tensor(call(torch_ns(), "cumsum", {x}, {{"dim", 1}})), at::cumsum(x, 1)));
    QVERIFY(same(tensor(call(x, "cumprod", {0})), at::cumprod(x, 0)));
    QVERIFY(same(tensor(call(torch_ns(), "norm", {x})), at::norm(x)));
    QVERIFY(
        same(tensor(call(torch_ns(), "norm", {x}, {{"p", 1}, {"dim", 1}})), at::norm(x, 1, {1})));
    QVERIFY(same(tensor(call(x, "argmax", {})), at::argmax(x)));
    QVERIFY(same(tensor(call(torch_ns(), "argmin", {x, 1})), at::argmin(x, 1)));
    QVERIFY(same(tensor(call(torch_ns(), "all", {at::gt(x, 0)})), at::all(at::gt(x, 0))));
    QVERIFY(same(tensor(call(at::gt(x, 1), "any", {1})), at::any(at::gt(x, 1), 1)));

    QVERIFY(same(tensor(call(torch_ns(), "max", {x})), at::max(x)));
    Value values_indices = call(x, "max", {}, {{"dim", 1}});
    const auto& pair = to_items(values_indices, "max");
    QCOMPARE(pair.size(), size_t(2));
    auto [values, indices] = at::max(x, 1);
    QVERIFY(same(tensor(pair[0]), values));
    QVERIFY(same(tensor(pair[1]), indices));
    QVERIFY(same(tensor(call(torch_ns(), "min", {x, at::ones_like(x)})),
                 at::minimum(x, at::ones_like(x))));
  }

  void shapeFunctionsMatchAten() {
    at::Tensor x = matrix();
    QVERIFY(same(tensor(call(torch_ns(), "reshape", {x, make_tuple({3, 2})})), x.reshape({3, 2})));
    QVERIFY(same(tensor(call(x, "reshape", {3, 2})), x.reshape({3, 2})));
    QVERIFY(same(tensor(call(x, "reshape", {make_tuple({-1})})), x.reshape({-1})));
    QVERIFY(same(tensor(call(x, "view", {6})), x.view({6})));
    QVERIFY(same(tensor(call(x, "permute", {1, 0})), x.permute({1, 0})));
    QVERIFY(same(tensor(call(torch_ns(), "permute", {x, make_tuple({1, 0})})), x.permute({1, 0})));
    QVERIFY(same(tensor(call(x, "unsqueeze", {-1})), x.unsqueeze(-1)));
    QVERIFY(same(tensor(call(x.unsqueeze(0), "squeeze", {0})), x));
    QVERIFY(same(tensor(call(torch_ns(), "transpose", {x, 0, 1})), x.t()));
    QVERIFY(same(tensor(call(x, "t", {})), x.t()));
    QVERIFY(same(tensor(call(x, "flatten", {})), x.flatten()));
    QVERIFY(same(tensor(call(x.unsqueeze(0), "expand", {4, 2, 3})), x.expand({4, 2, 3})));
    QVERIFY(same(tensor(call(x, "repeat", {2, 1})), x.repeat({2, 1})));
    QVERIFY(same(tensor(call(torch_ns(), "broadcast_to", {x, make_tuple({5, 2, 3})})),
                 x.expand({5, 2, 3})));
    Value pair = make_list({x, x});
    QVERIFY(same(tensor(call(torch_ns(), "cat", {pair})), at::cat({x, x})));
    QVERIFY(same(tensor(call(torch_ns(), "cat", {pair}, {{"dim", -1}})), at::cat({x, x}, -1)));
    QVERIFY(same(tensor(call(torch_ns(), "stack", {pair, 1})), at::stack({x, x}, 1)));
    Value split = call(torch_ns(), "split", {x, ints({1, 2}), 1});
    const auto& parts = to_items(split, "split");
    QCOMPARE(parts.size(), size_t(2));
    QVERIFY(same(tensor(parts[1]), x.slice(1, 1, 3)));
    QCOMPARE(to_items(call(x, "chunk", {3, 1}), "chunk").size(), size_t(3));
    at::Tensor index = at::tensor({2, 0}, at::kLong);
    QVERIFY(
        same(tensor(call(torch_ns(), "index_select", {x, 1, index})), x.index_select(1, index)));
    at::Tensor gather_index = at::tensor({0, 2}, at::kLong).unsqueeze(-1);
    QVERIFY(same(tensor(call(x, "gather", {1, gather_index})), x.gather(1, gather_index)));
    at::Tensor mask = at::gt(x, 1.0);
    QVERIFY(same(tensor(call(x, "masked_fill", {mask, 0.0})), x.masked_fill(mask, 0.0)));
    at::Tensor square = T({{1, 2}, {3, 4}});
    QVERIFY(same(tensor(call(torch_ns(), "tril", {square})), at::tril(square)));
    QVERIFY(same(tensor(call(torch_ns(), "triu", {square, 1})), at::triu(square, 1)));
    QVERIFY(same(tensor(call(torch_ns(), "diag", {square})), at::diag(square)));
    QVERIFY(same(tensor(call(torch_ns(), "diag_embed", {x})), at::diag_embed(x)));
  }

  void matrixFunctionsMatchAten() {
    at::Tensor x = matrix(), y = matrix().t();
    QVERIFY(same(tensor(call(torch_ns(), "matmul", {x, y})), at::matmul(x, y)));
    QVERIFY(same(tensor(call(x, "matmul", {y})), at::matmul(x, y)));
    QVERIFY(same(tensor(call(torch_ns(), "mm", {x, y})), at::mm(x, y)));
    QVERIFY(same(tensor(call(torch_ns(), "bmm", {x.unsqueeze(0), y.unsqueeze(0)})),
                 at::bmm(x.unsqueeze(0), y.unsqueeze(0))));
    at::Tensor v = T({1, 2, 3});
    QVERIFY(same(tensor(call(torch_ns(), "outer", {v, v})), at::outer(v, v)));
    QVERIFY(same(tensor(call(torch_ns(), "dot", {v, v})), at::dot(v, v)));
    QVERIFY(same(tensor(call(torch_ns(), "einsum", {"ij,jk->ik", x, y})), at::matmul(x, y)));
    QVERIFY(same(tensor(call(torch_ns(), "einsum", {"ij,jk->ik", make_list({x, y})})),
                 at::matmul(x, y)));
    QVERIFY(same(tensor(call(torch_ns(), "softmax", {x, -1})), at::softmax(x, -1)));
    QVERIFY(same(tensor(call(x, "log_softmax", {}, {{"dim", 0}})), at::log_softmax(x, 0)));

    at::Tensor spd = at::matmul(x, y) + at::eye(2, at::kDouble);
    Value linalg = attr(torch_ns(), "linalg");
    at::Tensor l = at::linalg_cholesky(spd);
    QVERIFY(same(tensor(call(linalg, "cholesky", {spd})), l));
    QVERIFY(same(tensor(call(torch_ns(), "cholesky", {spd})), l));
    QVERIFY(same(tensor(call(linalg, "inv", {spd})), at::linalg_inv(spd)));
    QVERIFY(same(tensor(call(torch_ns(), "inverse", {spd})), at::linalg_inv(spd)));
    QVERIFY(same(tensor(call(linalg, "det", {spd})), at::linalg_det(spd)));
    Value slogdet_value = call(linalg, "slogdet", {spd});
    const auto& slogdet = to_items(slogdet_value, "slogdet");
    QVERIFY(same(tensor(slogdet[1]), at::log(at::linalg_det(spd))));
    at::Tensor b = T({1.0, 2.0}).unsqueeze(-1);
    QVERIFY(same(tensor(call(linalg, "solve", {spd, b})), at::linalg_solve(spd, b)));
    QVERIFY(same(tensor(call(linalg, "solve_triangular", {l, b}, {{"upper", false}})),
                 at::linalg_solve_triangular(l, b, false)));
    QVERIFY(same(tensor(call(linalg, "norm", {v})), at::linalg_norm(v)));
  }

  void tensorProperties() {
    at::Tensor x = matrix();
    QVERIFY(equal(attr(x, "shape"), make_tuple({2, 3})));
    QVERIFY(equal(call(x, "size", {}), make_tuple({2, 3})));
    QVERIFY(equal(call(x, "size", {-1}), Value(3)));
    QVERIFY(equal(attr(x, "ndim"), Value(2)));
    QVERIFY(equal(call(x, "dim", {}), Value(2)));
    QVERIFY(equal(call(x, "numel", {}), Value(6)));
    QVERIFY(same(tensor(attr(x, "T")), x.t()));
    QVERIFY(same(tensor(attr(x.unsqueeze(0), "mT")), x.t().unsqueeze(0)));
    Value item = call(T(2.5), "item", {});
    QVERIFY(item.is<double>() && item.get<double>() == 2.5);
    Value int_item = call(at::scalar_tensor(4, at::kLong), "item", {});
    QVERIFY(int_item.is<int64_t>() && int_item.get<int64_t>() == 4);
    QVERIFY(equal(call(at::tensor({1, 2}, at::kLong).reshape({1, 2}), "tolist", {}),
                  make_list({ints({1, 2})})));
    Value out;
    QVERIFY(!tensor_attribute(x, "grad", out));
    QVERIFY(!tensor_attribute(x, "summ", out));
    std::vector<std::string> names = tensor_attribute_names();
    QVERIFY(std::is_sorted(names.begin(), names.end()));
    for (const char* name : {"shape", "sum", "unsqueeze", "long", "item", "expand", "T"})
      QVERIFY2(std::binary_search(names.begin(), names.end(), name), name);
    QVERIFY(!std::binary_search(names.begin(), names.end(), "cat")); // torch.cat only
    QCOMPARE(repr(attr(x, "sum")), std::string("<built-in method sum of Tensor object>"));
  }

  void randomFunctionsDrawFromKilnsGenerator() {
    manual_seed(7);
    at::Tensor drawn = tensor(call(torch_ns(), "randn", {3, 2}));
    at::Tensor uniform = tensor(call(torch_ns(), "rand", {4}));
    manual_seed(7);
    QVERIFY(same(drawn, at::randn({3, 2}, generator(), at::kDouble)));
    QVERIFY(same(uniform, at::rand({4}, generator(), at::kDouble)));
    at::Tensor counts = tensor(call(torch_ns(), "randint", {0, 3, make_tuple({100})}));
    QCOMPARE(counts.scalar_type(), at::kLong);
    QVERIFY(counts.min().item<int64_t>() >= 0 && counts.max().item<int64_t>() < 3);
  }

  void bindingErrorsUsePythonsWords() {
    at::Tensor x = matrix();
    QCOMPARE(thrown([&] {
               call(torch_ns(), "sum", {x}, {{"dims", 1}});
             }),
             std::string("torch.sum() got an unexpected keyword argument 'dims'"));
    QCOMPARE(thrown([&] {
               call(torch_ns(), "gather", {x, 0});
             }),
             std::string("torch.gather() missing 1 required argument: 'index'"));
    QCOMPARE(thrown([&] { call(x, "unsqueeze", {}); }),
             std::string("Tensor.unsqueeze() missing 1 required argument: 'dim'"));
    QCOMPARE(thrown([&] {
               call(x, "sum", {0, true, 1});
             }),
             std::string("Tensor.sum() takes 2 positional arguments but 3 were given"));
    QCOMPARE(thrown([&] { call(torch_ns(), "exp", {1.0}); }),
             std::string("torch.exp(): argument 'input' must be a Tensor, not 'float'"));
    QCOMPARE(thrown([&] { call(torch_ns(), "zeros", {2.5}); }),
             std::string("torch.zeros(): argument 'size' must be an int, not 'float'"));
    QCOMPARE(thrown([&] {
               call(torch_ns(), "ones", {2}, {{"dtype", "float"}});
             }),
             std::string("torch.ones(): argument 'dtype' must be a torch.dtype, not 'str'"));
  }

  void atenErrorsNameTheFunction() {
    Value pair = make_list({at::ones({2, 3}), at::ones({2, 4})});
    std::string cat = thrown<ShapeError>([&] { call(torch_ns(), "cat", {pair}); });
    QVERIFY2(starts_with(cat, "torch.cat(): Sizes of tensors must match"), cat.c_str());
    QVERIFY2(cat.find('\n') == std::string::npos, cat.c_str());
    std::string mm = thrown<ShapeError>([&] { call(torch_ns(), "matmul", {matrix(), matrix()}); });
    QVERIFY2(starts_with(mm, "torch.matmul(): mat1 and mat2 shapes cannot be multiplied"),
             mm.c_str());
    std::string dim = thrown<ShapeError>([&] { call(matrix(), "sum", {5}); });
    QVERIFY2(starts_with(dim, "Tensor.sum(): Dimension out of range"), dim.c_str());
    std::string chol = thrown<DomainError>([&] {
      call(attr(torch_ns(), "linalg"), "cholesky", {T({{1, 2}, {2, 1}})});
    });
    QVERIFY2(starts_with(chol, "torch.linalg.cholesky(): "), chol.c_str());
    QVERIFY2(chol.find("positive-definite") != std::string::npos, chol.c_str());
    std::string mean = thrown([&] { call(torch_ns(), "mean", {at::ones({2}, at::kLong)}); });
    QVERIFY2(starts_with(mean, "torch.mean(): "), mean.c_str());
  }
};

QTEST_APPLESS_MAIN(BuiltinsTest)
#include "builtins_test.moc"
