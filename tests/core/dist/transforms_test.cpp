// Every transform of transforms.h, its inverse and compositions: round trips, log |det J|
// against the log |det| of the autograd Jacobian on the free coordinates, shapes.
#include <functional>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>
#include <torch/csrc/autograd/autograd.h>

#include "core/dist/constraints/constraints.h"
#include "core/dist/transforms/transforms.h"
#include "core/util/error.h"
#include "core/util/random.h"
#include "core/util/tensor_util.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using dist::TransformPtr;
namespace tf = kiln::dist::transforms;

namespace {

// Coordinates on which a transform is a bijection of R^m: the entries themselves, the first
// K-1 entries of a simplex, the lower triangle of a Cholesky factor, the strict lower triangle
// of a correlation Cholesky factor, the lower triangle of a symmetric matrix. `to_free` keeps
// batch dims; `from_free` rebuilds a tensor of shape `s` from them.
struct Space {
  std::function<at::Tensor(const at::Tensor&)> to_free;
  std::function<at::Tensor(const at::Tensor&, const Shape&)> from_free;
};

Space flat() {
  return {[](const at::Tensor& x) { return x; },
          [](const at::Tensor& w, const Shape&) { return w; }};
}
Space simplex() {
  return {[](const at::Tensor& y) { return y.narrow(-1, 0, y.size(-1) - 1); },
          [](const at::Tensor& w, const Shape&) {
            return at::cat({w, 1 - w.sum(-1, true)}, -1);
          }};
}
Space tril() {
  return {[](const at::Tensor& m) { return tril_to_vec(m, 0); },
          [](const at::Tensor& w, const Shape& s) { return vec_to_tril(w, s.back(), 0); }};
}
Space corr() {
  return {[](const at::Tensor& m) { return tril_to_vec(m, -1); },
          [](const at::Tensor& w, const Shape& s) {
            auto strict = vec_to_tril(w, s.back(), -1);
            return strict + at::diag_embed((1 - (strict * strict).sum(-1)).sqrt());
          }};
}
Space symmetric() {
  return {[](const at::Tensor& m) { return tril_to_vec(m, 0); },
          [](const at::Tensor& w, const Shape& s) {
            auto l = vec_to_tril(w, s.back(), 0);
            return l + l.transpose(-2, -1) - at::diag_embed(l.diagonal(0, -2, -1));
          }};
}

struct Case {
  std::string name;
  TransformPtr t;
  at::Tensor x;
  Space in, out;
  Shape ladj_shape;
};

at::Tensor randn(const Shape& s) {
  return at::empty(s, at::kDouble).normal_(0, 1, generator());
}

at::Tensor positive_definite(int64_t batch, int64_t n) {
  auto a = randn({batch, n, n});
  return at::matmul(a, a.transpose(-2, -1)) + 3 * at::eye(n, at::kDouble);
}

std::vector<Case> forward_cases() {
  const auto loc = T({1., -2., 0.5});
  const auto scale = T({2., -0.5, 3.});
  return {
      {"exp", tf::exp(), 2 * randn({2, 3}), flat(), flat(), {2, 3}},
      {"sigmoid", tf::sigmoid(), 2 * randn({2, 3}), flat(), flat(), {2, 3}},
      {"tanh", tf::tanh(), randn({2, 3}), flat(), flat(), {2, 3}},
      {"softplus", tf::softplus(), 2 * randn({2, 3}), flat(), flat(), {2, 3}},
      {"power",
       tf::power(T(2.5)),
       at::rand({2, 3}, generator(), at::kDouble) + 0.5,
       flat(),
       flat(),
       {2, 3}},
      {"affine", tf::affine(loc, scale), randn({2, 3}), flat(), flat(), {2, 3}},
      {"affine event_dim 1", tf::affine(loc, scale, 1), randn({2, 3}), flat(), flat(), {2}},
      {"stick_breaking", tf::stick_breaking(), randn({2, 3}), flat(), simplex(), {2}},
      {"ordered", tf::ordered(), randn({2, 4}), flat(), flat(), {2}},
      {"lower_cholesky", tf::lower_cholesky(), randn({2, 6}), flat(), tril(), {2}},
      {"corr_cholesky", tf::corr_cholesky(), randn({2, 3}), flat(), corr(), {2}},
      {"corr_cholesky 4x4", tf::corr_cholesky(), randn({2, 6}), flat(), corr(), {2}},
      {"cholesky", tf::cholesky(), positive_definite(2, 3), symmetric(), tril(), {2}},
      {"compose(affine, exp)",
       tf::compose({tf::affine(loc, scale), tf::exp()}),
       randn({2, 3}),
       flat(),
       flat(),
       {2, 3}},
      {"compose(exp, stick_breaking)",
       tf::compose({tf::exp(), tf::stick_breaking()}),
       randn({2, 3}),
       flat(),
       simplex(),
       {2}},
      {"compose(ordered, exp)",
       tf::compose({tf::ordered(), tf::exp()}),
       randn({2, 4}),
       flat(),
       flat(),
       {2}},
      {"compose(lower_cholesky, cholesky.inv)",
       tf::compose({tf::lower_cholesky(), tf::cholesky()->inv()}),
       randn({2, 6}),
       flat(),
       symmetric(),
       {2}},
      {"compose()", tf::compose({}), randn({2, 3}), flat(), flat(), {2, 3}},
      {"independent(exp, 1)", tf::independent(tf::exp(), 1), randn({2, 3}), flat(), flat(), {2}},
      {"independent(sigmoid, 2)",
       tf::independent(tf::sigmoid(), 2),
       randn({2, 3}),
       flat(),
       flat(),
       {}},
      {"independent(stick_breaking, 1)",
       tf::independent(tf::stick_breaking(), 1),
       randn({2, 2, 3}),
       flat(),
       simplex(),
       {2}},
  };
}

// Each forward case, and its inverse run from the forward's image.
std::vector<Case> all_cases() {
  std::vector<Case> out;
  for (auto& c : forward_cases()) {
    at::NoGradGuard no_grad;
    Case inverse{c.name + ".inv", c.t->inv(), c.t->forward(c.x), c.out, c.in, c.ladj_shape};
    out.push_back(c);
    out.push_back(inverse);
  }
  return out;
}

// The Jacobian of free(f(x)) in free(x) over the whole batch, by autograd row by row. Free
// coordinates are laid out batch element by batch element, so it is block diagonal.
at::Tensor autograd_jacobian(const Case& c) {
  const Shape x_shape = to_shape(c.x.sizes());
  auto free_x = c.in.to_free(c.x).detach();
  const Shape free_shape = to_shape(free_x.sizes());
  auto v = free_x.reshape(-1).clone().requires_grad_(true);
  auto y = c.out.to_free(c.t->forward(c.in.from_free(v.reshape(free_shape), x_shape))).reshape(-1);
  if (y.numel() != v.numel())
    throw Error(c.name + ": the free coordinates do not match (" + std::to_string(v.numel()) +
                " in, " + std::to_string(y.numel()) + " out)");
  std::vector<at::Tensor> rows;
  for (int64_t i = 0; i < y.numel(); ++i)
    rows.push_back(torch::autograd::grad({y[i]}, {v}, {}, /*retain_graph=*/true)[0]);
  return at::stack(rows);
}

} // namespace

class TransformsTest : public QObject {
  Q_OBJECT
private slots:
  void init() { reset(3); }

  void roundTrips_data() { addRows(); }
  void roundTrips() {
    const Case c = current();
    auto y = c.t->forward(c.x);
    QVERIFY2(at::allclose(c.t->inverse(y), c.x, 1e-9, 1e-10), c.name.c_str());
    QVERIFY2(at::allclose(c.t->forward(c.t->inverse(y)), y, 1e-9, 1e-10), c.name.c_str());
    QVERIFY2(c.t->codomain()->check(y).all().item<bool>(), c.name.c_str());
    QVERIFY2(c.t->domain()->check(c.x).all().item<bool>(), c.name.c_str());
  }

  void logAbsDetJacobianMatchesAutograd_data() { addRows(); }
  void logAbsDetJacobianMatchesAutograd() {
    const Case c = current();
    auto y = c.t->forward(c.x);
    auto ladj = c.t->log_abs_det_jacobian(c.x, y);
    QCOMPARE(to_shape(ladj.sizes()), c.ladj_shape);
    auto flat_ladj = ladj.reshape(-1);
    auto jac = autograd_jacobian(c);
    const int64_t blocks = flat_ladj.numel();
    const int64_t m = jac.size(0) / blocks;
    for (int64_t b = 0; b < blocks; ++b) {
      // Batch elements do not interact: the rows of block b vanish outside its columns.
      auto rows = jac.narrow(0, b * m, m);
      auto block = rows.narrow(1, b * m, m);
      QVERIFY2((rows.abs().sum() - block.abs().sum()).item<double>() < 1e-12, c.name.c_str());
      const double expected = std::get<1>(at::linalg_slogdet(block)).item<double>();
      const double got = flat_ladj[b].item<double>();
      QVERIFY2(std::abs(got - expected) <= 1e-8 * std::max(1.0, std::abs(expected)),
               qPrintable(QString("%1 [%2]: log_abs_det_jacobian %3, autograd %4")
                              .arg(c.name.c_str())
                              .arg(b)
                              .arg(got, 0, 'g', 17)
                              .arg(expected, 0, 'g', 17)));
    }
  }

  void shapes_data() { addRows(); }
  void shapes() {
    const Case c = current();
    auto y = c.t->forward(c.x);
    QCOMPARE(c.t->forward_shape(to_shape(c.x.sizes())), to_shape(y.sizes()));
    QCOMPARE(c.t->inverse_shape(to_shape(y.sizes())), to_shape(c.x.sizes()));
    // log_abs_det_jacobian has x.shape[:-domain.event_dim].
    QCOMPARE(c.t->domain()->event_dim(),
             static_cast<int64_t>(c.x.dim()) - static_cast<int64_t>(c.ladj_shape.size()));
    // Extra sample dims pass through.
    auto xs = c.x.unsqueeze(0).expand(concat({3}, to_shape(c.x.sizes()))).contiguous();
    auto ys = c.t->forward(xs);
    QCOMPARE(to_shape(c.t->log_abs_det_jacobian(xs, ys).sizes()), concat({3}, c.ladj_shape));
  }

  void inverseOfInverseIsTheTransform() {
    auto t = tf::stick_breaking();
    QVERIFY(t->inv()->inv() == t);
    QCOMPARE(t->inv()->domain()->name(), std::string("simplex"));
    QCOMPARE(t->inv()->codomain()->event_dim(), int64_t{1});
    QCOMPARE(t->inv()->name(), std::string("StickBreakingTransform.inv"));
  }

  void eventDimBookkeeping() {
    // exp on scalars inside a composition on vectors: the composition acts on vectors.
    auto c = tf::compose({tf::exp(), tf::stick_breaking()});
    QCOMPARE(c->domain()->event_dim(), int64_t{1});
    QCOMPARE(c->codomain()->event_dim(), int64_t{1});
    auto m = tf::compose({tf::lower_cholesky(), tf::cholesky()->inv()});
    QCOMPARE(m->domain()->event_dim(), int64_t{1});
    QCOMPARE(m->codomain()->event_dim(), int64_t{2});
    QCOMPARE(m->codomain()->name(), std::string("positive_definite"));
    auto i = tf::independent(tf::affine(0., 2.), 2);
    QCOMPARE(i->domain()->event_dim(), int64_t{2});
    QCOMPARE(tf::affine(0., 2., 1)->codomain()->event_dim(), int64_t{1});
    QCOMPARE(tf::compose({})->domain()->event_dim(), int64_t{0});
  }

  void shapeErrors() {
    QVERIFY_THROWS_EXCEPTION(ShapeError, tf::lower_cholesky()->forward_shape({5}));
    QVERIFY_THROWS_EXCEPTION(ShapeError, tf::corr_cholesky()->forward_shape({2, 4}));
    QVERIFY_THROWS_EXCEPTION(ShapeError, tf::lower_cholesky()->inverse_shape({3, 2}));
    QVERIFY_THROWS_EXCEPTION(ShapeError, tf::stick_breaking()->forward_shape({}));
    QCOMPARE(tf::lower_cholesky()->forward_shape({4, 10}), (Shape{4, 4, 4}));
    QCOMPARE(tf::corr_cholesky()->inverse_shape({4, 4}), (Shape{6}));
    QCOMPARE(tf::affine(T({1., 2.}), T(1.))->forward_shape({3, 1}), (Shape{3, 2}));
    QVERIFY_THROWS_EXCEPTION(Error, tf::compose({tf::exp(), nullptr}));
    QVERIFY_THROWS_EXCEPTION(Error, tf::independent(tf::exp(), -1));
  }

private:
  void addRows() {
    QTest::addColumn<int>("index");
    cases_ = all_cases();
    for (size_t i = 0; i < cases_.size(); ++i)
      QTest::newRow(cases_[i].name.c_str()) << static_cast<int>(i);
  }
  Case current() const {
    QFETCH(int, index);
    return cases_.at(index);
  }
  std::vector<Case> cases_;
};

QTEST_GUILESS_MAIN(TransformsTest)
#include "transforms_test.moc"
