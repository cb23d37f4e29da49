// The parts of torch and pyro.distributions that Pyro models reach for beyond the basics: named
// tuples (.values/.indices), in-place methods, torch.special, order statistics, searching and
// scattering, transforms, isinstance. Each expression runs in a model program; reference values
// are closed forms or what torch 2.x prints for the same call (noted next to them).

#include <QtTest/QtTest>

#include <cmath>

#include <ATen/ATen.h>

#include "core/lang/interpreter.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::lang;
using test::T;

namespace {

// `expr` evaluated in a function with x = [[1, 5], [3, 2]] (float64) in scope.
Value eval(const std::string& expr) {
  const std::string source = "import torch\nimport pyro\nimport pyro.distributions as dist\n"
                             "from pyro.distributions import constraints\n\n\ndef f():\n"
                             "    x = torch.tensor([[1., 5.], [3., 2.]])\n    return " +
                             expr + "\n";
  DiagnosticSink sink;
  Program p(Source("coverage.py", source), sink);
  if (!p.ok())
    throw Error(format_diagnostics(sink, p.source()));
  return p.call(p.global("f"), {});
}

at::Tensor tensor_of(const std::string& expr) {
  return eval(expr).get<at::Tensor>();
}

bool close(const at::Tensor& a, const at::Tensor& b) {
  return a.sizes() == b.sizes() && at::allclose(a.to(at::kDouble), b.to(at::kDouble), 1e-9, 1e-12);
}

std::string error_of(const std::string& expr) {
  try {
    eval(expr);
  } catch (const Error& e) {
    return std::string(e.what()).substr(0, std::string(e.what()).find('\n'));
  }
  return "no error";
}

} // namespace

class LibraryCoverageTest : public QObject {
  Q_OBJECT
private slots:
  void init() { test::reset(1); }

  void reductionsReturnNamedTuples() {
    QVERIFY(close(tensor_of("torch.max(x, dim=1).values"), T({5., 3.})));
    QVERIFY(close(tensor_of("x.max(1).indices"), at::tensor({1L, 0L})));
    QVERIFY(close(tensor_of("x.min(0)[1]"), at::tensor({0L, 1L})));
    QVERIFY(
        close(tensor_of("torch.sort(x, dim=1, descending=True).values"), T({{5., 1.}, {3., 2.}})));
    QVERIFY(close(tensor_of("torch.topk(torch.tensor([1., 3., 2.]), 2).indices"),
                  at::tensor({1L, 2L})));
    QVERIFY(close(tensor_of("torch.median(x, 0).values"), T({1., 2.})));
    QVERIFY(close(tensor_of("torch.linalg.slogdet(x).logabsdet"), T(std::log(13.))));
    // A plain tuple has no fields.
    QCOMPARE(error_of("(1, 2).values"), std::string("'tuple' object has no attribute 'values'"));
  }

  void inPlaceMethodsWriteThroughEveryName() {
    Value v = eval("[x, x.add_(1.), x.mul_(torch.tensor([1., 2.])), x.clamp_(max=6.)]");
    const auto& items = v.get<ListPtr>()->items;
    const at::Tensor expected = T({{2., 6.}, {4., 6.}});
    for (const Value& item : items)
      QVERIFY(close(item.get<at::Tensor>(), expected));
    QVERIFY(close(tensor_of("x.zero_()"), at::zeros({2, 2}, at::kDouble)));
    QVERIFY(close(tensor_of("x.fill_(3.)"), at::full({2, 2}, 3., at::kDouble)));
    QCOMPARE(error_of("torch.zeros(2, dtype=torch.long).add_(1.5)"),
             std::string("Tensor.add_(): result type Double can't be cast to the desired output "
                         "type Long"));
    QVERIFY(error_of("torch.zeros(2).add_(torch.ones(3))") != "no error");
  }

  void specialFunctionsMatchClosedForms() {
    QVERIFY(close(tensor_of("torch.special.expit(torch.tensor(0.))"), T(0.5)));
    QVERIFY(close(tensor_of("torch.special.ndtr(torch.tensor(0.))"), T(0.5)));
    QVERIFY(close(tensor_of("torch.special.ndtri(torch.tensor(0.975))"), T(1.959963984540054)));
    QVERIFY(close(tensor_of("torch.special.gammaln(torch.tensor(3.))"), T(std::log(2.))));
    // trigamma(1) = pi^2 / 6
    QVERIFY(close(tensor_of("torch.polygamma(1, torch.tensor(1.))"), T(M_PI * M_PI / 6)));
    QVERIFY(close(tensor_of("torch.tensor(1.).polygamma(1)"), T(M_PI * M_PI / 6)));
    QVERIFY(close(tensor_of("torch.hypot(torch.tensor(3.), torch.tensor(4.))"), T(5.)));
    // log Gamma_2(a) = (1/2) log(pi) + lgamma(a) + lgamma(a - 1/2)
    QVERIFY(close(tensor_of("torch.mvlgamma(torch.tensor(2.5), 2)"),
                  T(0.5 * std::log(M_PI) + std::lgamma(2.5) + std::lgamma(2.0))));
  }

  void orderStatisticsSearchAndScatter() {
    // torch.quantile with linear interpolation: [1.75, 2.5] for [1, 2, 3, 4].
    QVERIFY(close(tensor_of("torch.quantile(torch.tensor([1., 2., 3., 4.]), "
                            "torch.tensor([0.25, 0.5]))"),
                  T({1.75, 2.5})));
    QVERIFY(close(tensor_of("torch.median(torch.tensor([1., 2., 3., 4.]))"), T(2.)));
    QVERIFY(close(tensor_of("torch.searchsorted(torch.tensor([1., 2., 3.]), "
                            "torch.tensor([2.5, 0.]))"),
                  at::tensor({2L, 0L})));
    QVERIFY(close(tensor_of("torch.bucketize(torch.tensor([2.]), torch.tensor([1., 2., 3.]), "
                            "right=True)"),
                  at::tensor({2L})));
    QVERIFY(close(tensor_of("torch.zeros(3).index_add(0, torch.tensor([0, 0, 2]), "
                            "torch.ones(3))"),
                  T({2., 0., 1.})));
    QVERIFY(close(tensor_of("torch.zeros(3).scatter_add(0, torch.tensor([1, 1]), "
                            "torch.ones(2))"),
                  T({0., 2., 0.})));
    QVERIFY(close(tensor_of("torch.nonzero(x > 2)"), at::tensor({0L, 1L, 1L, 0L}).view({2, 2})));
    QVERIFY(close(tensor_of("torch.diff(torch.tensor([1., 3., 6.]))"), T({2., 3.})));
    QVERIFY(close(tensor_of("torch.tensordot(x, x, dims=([1], [0]))"),
                  at::matmul(T({{1., 5.}, {3., 2.}}), T({{1., 5.}, {3., 2.}}))));
    QVERIFY(close(tensor_of("torch.triangular_solve(torch.ones(2, 1), "
                            "torch.tensor([[2., 0.], [1., 1.]]), upper=False).solution"),
                  T({0.5, 0.5}).view({2, 1})));
    QVERIFY(close(tensor_of("torch.meshgrid(torch.arange(2), torch.arange(3), indexing='ij')[1]"),
                  at::tensor({0L, 1L, 2L, 0L, 1L, 2L}).view({2, 3})));
    QVERIFY(close(tensor_of("torch.logspace(0, 2, 3, base=2.)"), T({1., 2., 4.})));
    QCOMPARE(eval("range(5)[-1]").get<int64_t>(), int64_t(4));
    QCOMPARE(eval("x.type()").get<std::string>(), std::string("torch.DoubleTensor"));
  }

  void transformsBuildTransformedDistributions() {
    // LogNormal(0, 1) density at 1: 1 / sqrt(2 pi).
    QVERIFY(close(tensor_of("dist.TransformedDistribution(dist.Normal(0., 1.), "
                            "[dist.transforms.ExpTransform()]).log_prob(torch.tensor(1.))"),
                  T(-0.5 * std::log(2 * M_PI))));
    QVERIFY(close(tensor_of("dist.transforms.ComposeTransform([dist.transforms.AffineTransform("
                            "0., 2.), dist.transforms.ExpTransform()]).inv(torch.tensor(2.))"),
                  T(std::log(2.) / 2)));
    QVERIFY(close(tensor_of("dist.transforms.biject_to(constraints.simplex)(torch.zeros(2))"),
                  T({1. / 3, 1. / 3, 1. / 3})));
    QVERIFY(close(tensor_of("dist.transforms.ExpTransform().log_abs_det_jacobian("
                            "torch.tensor(1.5), torch.tensor(0.))"),
                  T(1.5)));
    QVERIFY(eval("constraints.positive.check(torch.tensor([-1., 1.])).tolist()")
                .get<ListPtr>()
                ->items[1]
                .get<bool>());
    QCOMPARE(error_of("dist.TransformedDistribution(dist.Normal(0., 1.), [1])"),
             std::string("TransformedDistribution(): argument 'transforms': each item must be a "
                         "transform, not 'int'"));
  }

  void isinstanceKnowsTheBuiltinClasses() {
    QVERIFY(eval("isinstance(1, (int, float))").get<bool>());
    QVERIFY(eval("isinstance(True, int)").get<bool>());
    QVERIFY(eval("isinstance(x, torch.Tensor)").get<bool>());
    QVERIFY(!eval("isinstance('a', list)").get<bool>());
    QCOMPARE(error_of("isinstance(1, 2)"),
             std::string("isinstance() arg 2 must be a type or tuple of types"));
  }
};

QTEST_GUILESS_MAIN(LibraryCoverageTest)
#include "library_coverage_test.moc"
