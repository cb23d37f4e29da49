// The error policy as users meet it: exact messages, the DomainError / ShapeError split, the
// global validation switch, and the registry's errors.
#include <string>
#include <thread>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/continuous/normal.h"
#include "core/dist/registry.h"
#include "core/dist/transforms/transforms.h"
#include "core/dist/validation.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;

namespace {

// The message of the kiln::Error `f` throws, checking its exact type with `Kind`.
template <class Kind, class F> std::string message_of(F&& f) {
  try {
    f();
  } catch (const Kind& e) {
    return e.what();
  }
  return "<no " + std::string(typeid(Kind).name()) + " thrown>";
}

dist::DistPtr make_normal(const dist::TensorArg& loc, const dist::TensorArg& scale) {
  return dist::make_distribution("Normal", {{"loc", loc}, {"scale", scale}});
}

} // namespace

class ErrorsTest : public QObject {
  Q_OBJECT
private slots:
  void init() { reset(); }
  void cleanup() { dist::enable_validation(true); }

  void domainMessagesAreExact() {
    QCOMPARE(message_of<DomainError>([] {
               make_normal(0., T({1., 2., -1.}));
             }),
             std::string("Normal: scale[2] is -1, but must be positive"));
    QCOMPARE(message_of<DomainError>([] { make_normal(0., 0.); }),
             std::string("Normal: scale is 0, but must be positive"));
    QCOMPARE(message_of<DomainError>([] {
               make_normal(T({0., NAN}), 1.);
             }),
             std::string("Normal: loc[1] is nan, but must be a real number"));
    QCOMPARE(message_of<DomainError>([] {
               make_normal(0., T({{1., 2.}, {3., -0.25}}));
             }),
             std::string("Normal: scale[1, 1] is -0.25, but must be positive"));
    auto d = make_normal(T({0., 1.}), 1.);
    QCOMPARE(message_of<DomainError>([&] {
               d->log_prob(T({0., NAN}));
             }),
             std::string("Normal: value[1] is nan, but must be a real number"));
  }

  void shapeMessagesNameBothShapes() {
    QCOMPARE(message_of<ShapeError>([] {
               make_normal(T({0., 1.}), T({1., 1., 1.}));
             }),
             std::string("Normal: scale has batch shape (3,), which does not broadcast with "
                         "loc's batch shape (2,)"));
    auto d = make_normal(T({0., 1.}), 1.);
    const auto m = message_of<ShapeError>([&] { d->log_prob(T({0., 1., 2.})); });
    QVERIFY2(m.find("Normal: value of shape (3,) does not fit batch shape (2,)") == 0, m.c_str());
    QCOMPARE(message_of<ShapeError>([&] { d->expand({3}); }),
             std::string("Normal: cannot expand batch shape (2,) to (3,)"));
    QCOMPARE(message_of<ShapeError>([] { dist::transforms::lower_cholesky()->forward_shape({5}); }),
             std::string("LowerCholeskyTransform: a vector of length 5 is not the size of a "
                         "triangular matrix"));
    QVERIFY_THROWS_EXCEPTION(ShapeError, d->to_event(2));
  }

  void errorKindsAreDistinct() {
    // A sampler may catch DomainError and reject a proposal; a ShapeError must never be
    // mistaken for one.
    bool domain_caught_shape = false;
    try {
      make_normal(T({0., 1.}), T({1., 1., 1.}));
    } catch (const DomainError&) {
      domain_caught_shape = true;
    } catch (const ShapeError&) {
    }
    QVERIFY(!domain_caught_shape);
    bool shape_caught_domain = false;
    try {
      make_normal(0., -1.);
    } catch (const ShapeError&) {
      shape_caught_domain = true;
    } catch (const DomainError&) {
    }
    QVERIFY(!shape_caught_domain);
    // Both are kiln::Errors, and so std::runtime_errors, for the boundaries.
    QVERIFY_THROWS_EXCEPTION(Error, make_normal(0., -1.));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, make_normal(T({0., 1.}), T({1., 1., 1.})));
    QVERIFY_THROWS_EXCEPTION(NotSupportedError, make_normal(0., 1.)->enumerate_support());
  }

  void validationSwitchesOffGlobally() {
    QVERIFY(dist::is_validation_enabled());
    dist::enable_validation(false);
    QVERIFY(!dist::is_validation_enabled());
    auto bad = make_normal(0., -1.); // accepted: checks are off
    QVERIFY(bad->log_prob(T(NAN)).isnan().item<bool>());
    // Off for every thread, not only this one.
    bool other_thread_validates = true;
    std::thread([&] {
      other_thread_validates = dist::is_validation_enabled();
      make_normal(0., -2.);
    }).join();
    QVERIFY(!other_thread_validates);
    // Shape checks are not validation: they stay on.
    QVERIFY_THROWS_EXCEPTION(ShapeError, make_normal(T({0., 1.}), T({1., 1., 1.})));
    QVERIFY_THROWS_EXCEPTION(ShapeError, make_normal(T({0., 1.}), 1.)->log_prob(T({0., 1., 2.})));
    dist::enable_validation(true);
    QVERIFY_THROWS_EXCEPTION(DomainError, make_normal(0., -1.));
  }

  void registryErrors() {
    QCOMPARE(message_of<Error>([] {
               dist::make_distribution("Nromal", {{"loc", 0.}});
             }),
             std::string("unknown distribution family 'Nromal'"));
    QCOMPARE(message_of<Error>([] {
               dist::make_distribution("Normal", {{"loc", 0.}, {"scale", 1.}, {"sigma", 1.}});
             }),
             std::string("Normal: unexpected argument 'sigma' (its arguments are loc, scale)"));
    QCOMPARE(message_of<Error>([] {
               dist::make_distribution("Normal", {{"loc", 0.}});
             }),
             std::string("Normal: missing required argument 'scale'"));
    QCOMPARE(message_of<Error>([] {
               dist::make_distribution("Normal", {{"loc", dist::transforms::exp()}, {"scale", 1.}});
             }),
             std::string("Normal: argument 'loc' must be a number or tensor"));
    QVERIFY(dist::find_family("Normal") != nullptr);
    QVERIFY(dist::find_family("Nromal") == nullptr);
    // Registry errors are plain Errors: not a value or a shape problem.
    try {
      dist::make_distribution("Nromal", {});
    } catch (const DomainError&) {
      QFAIL("unknown family reported as DomainError");
    } catch (const ShapeError&) {
      QFAIL("unknown family reported as ShapeError");
    } catch (const Error&) {
    }
  }
};

QTEST_GUILESS_MAIN(ErrorsTest)
#include "errors_test.moc"
