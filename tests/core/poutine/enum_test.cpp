// poutine.enum: enumerated values and their dims left of every plate, log densities that
// broadcast into a joint whose sum is the exact marginal likelihood, config_enumerate, which
// sites are left alone, and the error for a family without finite support.
#include <cmath>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/continuous/normal.h"
#include "core/dist/discrete/bernoulli.h"
#include "core/dist/discrete/beta_binomial.h"
#include "core/dist/discrete/binomial.h"
#include "core/dist/discrete/categorical.h"
#include "core/dist/discrete/one_hot_categorical.h"
#include "core/poutine/handlers/enum_handler.h"
#include "core/poutine/handlers/infer_config.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using namespace kiln::poutine;

namespace {

const InferDict kParallel{{"enumerate", std::string("parallel")}};

int64_t enum_dim(const Trace& trace, const std::string& name) {
  return infer_int(trace.at(name).infer, "_enumerate_dim", 0);
}

bool has_enum_dim(const Trace& trace, const std::string& name) {
  return trace.at(name).infer.count("_enumerate_dim") != 0;
}

PlateOptions at_dim(int64_t dim) {
  PlateOptions options;
  options.dim = dim;
  return options;
}

std::vector<int64_t> shape_of(const at::Tensor& t) {
  return t.sizes().vec();
}

// log N(y; mu, 1).
double normal_log_density(double y, double mu) {
  return -0.5 * (y - mu) * (y - mu) - 0.5 * std::log(2 * M_PI);
}

} // namespace

class EnumTest : public QObject {
  Q_OBJECT

private slots:
  void init() { reset(7); }

  void siteInsideTwoPlatesGetsDimLeftOfBoth() {
    const Trace trace = get_trace(enum_(
        [] {
          Plate outer("outer", 5, at_dim(-2));
          Plate inner("inner", 4, at_dim(-1));
          sample("z", dist::Categorical(dist::Probs{T({0.2, 0.3, 0.5})}), {}, kParallel);
        },
        -3));
    const Site& z = trace.at("z");
    QCOMPARE(shape_of(z.value), (std::vector<int64_t>{3, 1, 1}));
    QVERIFY(at::equal(z.value.flatten(), at::arange(3, at::kLong)));
    QCOMPARE(enum_dim(trace, "z"), int64_t(-3));
    QCOMPARE(z.fn->batch_shape(), (Shape{5, 4}));
    Trace scored = trace;
    scored.compute_log_prob();
    const at::Tensor& lp = scored.at("z").log_prob;
    QCOMPARE(shape_of(lp), (std::vector<int64_t>{3, 5, 4}));
    // Each slice along the enumeration dim is the log probability of that value everywhere.
    QVERIFY(at::allclose(lp.select(0, 2), at::full({5, 4}, std::log(0.5), at::kDouble)));
    QVERIFY(at::allclose(lp.select(0, 0), at::full({5, 4}, std::log(0.2), at::kDouble)));
  }

  void independentSitesGetDistinctDims() {
    const Trace trace = get_trace(enum_(
        [] {
          Plate data("data", 2, at_dim(-1));
          sample("a", dist::Bernoulli(dist::Probs{T(0.3)}), {}, kParallel);
          sample("b", dist::Categorical(dist::Probs{T({0.5, 0.5, 0.})}), {}, kParallel);
        },
        -3));
    QCOMPARE(enum_dim(trace, "a"), int64_t(-3));
    QCOMPARE(enum_dim(trace, "b"), int64_t(-4));
    QCOMPARE(shape_of(trace.at("a").value), (std::vector<int64_t>{2, 1, 1}));
    QCOMPARE(shape_of(trace.at("b").value), (std::vector<int64_t>{3, 1, 1, 1}));
    // Each site's log density knows which enumerated site each of its dims stands for.
    const auto a_ids = enum_dim_to_id(trace.at("a").infer);
    const auto b_ids = enum_dim_to_id(trace.at("b").infer);
    QCOMPARE(a_ids.size(), size_t(1));
    QCOMPARE(b_ids.size(), size_t(2));
    QCOMPARE(b_ids.at(-3), a_ids.at(-3));
    QVERIFY(b_ids.at(-4) != a_ids.at(-3));
  }

  void valuesAreEachFamilysSupport() {
    struct Case {
      std::string name;
      dist::DistPtr fn;
    };
    const std::vector<Case> cases{
        {"Bernoulli", dist::Bernoulli(dist::Probs{T(0.3)}).shared()},
        {"Categorical", dist::Categorical(dist::Probs{T({0.1, 0.2, 0.3, 0.4})}).shared()},
        {"Binomial", dist::Binomial(4., dist::Probs{T(0.3)}).shared()},
        {"BetaBinomial", dist::BetaBinomial(2., 3., 5.).shared()},
        {"OneHotCategorical", dist::OneHotCategorical(dist::Probs{T({0.2, 0.3, 0.5})}).shared()},
    };
    for (const Case& c : cases) {
      const Trace trace = get_trace(enum_([&] { sample("x", c.fn, {}, kParallel); }, -2));
      const at::Tensor support = c.fn->enumerate_support(false);
      const at::Tensor& value = trace.at("x").value;
      const int64_t n = support.size(0);
      // (n,) + (1,) for dim -2, then the event shape.
      std::vector<int64_t> expected{n, 1};
      for (int64_t s : c.fn->event_shape())
        expected.push_back(s);
      QVERIFY2(shape_of(value) == expected, c.name.c_str());
      QVERIFY2(at::equal(value.reshape({n, -1}), support.reshape({n, -1})), c.name.c_str());
      QCOMPARE(enum_dim(trace, "x"), int64_t(-2));
    }
  }

  void expandKeepsTheBatchShape() {
    const InferDict expand{{"enumerate", std::string("parallel")}, {"expand", true}};
    const Trace trace = get_trace(enum_(
        [&] {
          Plate data("data", 4, at_dim(-1));
          sample("x", dist::Bernoulli(dist::Probs{T(0.3)}), {}, expand);
        },
        -2));
    QCOMPARE(shape_of(trace.at("x").value), (std::vector<int64_t>{2, 4}));
    QVERIFY(at::equal(trace.at("x").value.select(1, 3), T({0., 1.})));
  }

  void sumOfJointIsExactMarginalLikelihood() {
    // z ~ Categorical(pz) global; in a plate of 3: w ~ Bernoulli(q[z]) local,
    // y ~ Normal(loc[z] + shift[w], 1) observed.
    const at::Tensor pz = T({0.2, 0.5, 0.3});
    const at::Tensor q = T({0.1, 0.6, 0.8});
    const at::Tensor loc = T({-1., 0.5, 2.});
    const at::Tensor shift = T({0., 1.5});
    const at::Tensor y = T({0.3, 2.2, -0.4});
    const Model model = [&] {
      const at::Tensor z = sample("z", dist::Categorical(dist::Probs{pz}), {}, kParallel);
      Plate data("data", 3, at_dim(-1));
      const at::Tensor w = sample("w", dist::Bernoulli(dist::Probs{q.index({z})}), {}, kParallel);
      sample("y", dist::Normal(loc.index({z}) + shift.index({w.to(at::kLong)}), 1.), y);
    };
    Trace trace = get_trace(enum_(model, -2));
    trace.compute_log_prob();
    QCOMPARE(enum_dim(trace, "z"), int64_t(-2));
    QCOMPARE(enum_dim(trace, "w"), int64_t(-3));
    const at::Tensor& lp_z = trace.at("z").log_prob; // (3, 1): z
    const at::Tensor& lp_w = trace.at("w").log_prob; // (2, 3, 3): w, z, data
    const at::Tensor& lp_y = trace.at("y").log_prob; // (2, 3, 3): w, z, data
    QCOMPARE(shape_of(lp_z), (std::vector<int64_t>{3, 1}));
    QCOMPARE(shape_of(lp_w), (std::vector<int64_t>{2, 3, 3}));
    QCOMPARE(shape_of(lp_y), (std::vector<int64_t>{2, 3, 3}));
    // Sum out w within each data point, multiply over the plate, then sum out z.
    const at::Tensor per_point = at::logsumexp(lp_w + lp_y, {0}); // (3, 3): z, data
    const at::Tensor per_z = per_point.sum(-1, true) + lp_z;      // (3, 1)
    const double contracted = at::logsumexp(per_z.flatten(), {0}).item<double>();

    // Brute force over z and every w vector (2^3 of them).
    const auto a = [](const at::Tensor& t, int64_t i) { return t[i].item<double>(); };
    double marginal = 0;
    for (int64_t z = 0; z < 3; ++z)
      for (int64_t ws = 0; ws < 8; ++ws) {
        double log_joint = std::log(a(pz, z));
        for (int64_t n = 0; n < 3; ++n) {
          const int64_t w = (ws >> n) & 1;
          log_joint += std::log(w ? a(q, z) : 1 - a(q, z));
          log_joint += normal_log_density(a(y, n), a(loc, z) + a(shift, w));
        }
        marginal += std::exp(log_joint);
      }
    QVERIFY(std::abs(contracted - std::log(marginal)) < 1e-12);
  }

  void configEnumerateMarksWhatEnumCanEnumerate() {
    const Model model = [] {
      sample("c", dist::Categorical(dist::Probs{T({0.5, 0.5})}));
      sample("mu", dist::Normal(0., 1.));
    };
    const Trace parallel = get_trace(enum_(config_enumerate(model), -1));
    QCOMPARE(enum_dim(parallel, "c"), int64_t(-1));
    QCOMPARE(shape_of(parallel.at("c").value), (std::vector<int64_t>{2}));
    QVERIFY(!has_enum_dim(parallel, "mu"));
    QCOMPARE(parallel.at("mu").value.dim(), int64_t(0));
    // Sequential enumeration is not enum's business: the site is drawn as usual.
    const Trace sequential = get_trace(enum_(config_enumerate(model, "sequential"), -1));
    QVERIFY(!has_enum_dim(sequential, "c"));
    QCOMPARE(sequential.at("c").value.dim(), int64_t(0));
  }

  void observedSitesAreNotEnumerated() {
    const Trace trace = get_trace(enum_(
        [] {
          sample("x", dist::Bernoulli(dist::Probs{T(0.3)}), T(1.), kParallel);
          sample("c", dist::Categorical(dist::Probs{T({0.5, 0.5})}), at::tensor(int64_t(1)),
                 kParallel);
        },
        -1));
    QVERIFY(!has_enum_dim(trace, "x"));
    QVERIFY(!has_enum_dim(trace, "c"));
    QVERIFY(at::equal(trace.at("x").value, T(1.)));
    QCOMPARE(trace.at("c").value.item<int64_t>(), int64_t(1));
  }

  void nonEnumerableFamilyIsAnError() {
    const Model model = [] { sample("mu", dist::Normal(0., 1.), {}, kParallel); };
    try {
      get_trace(enum_(model, -1));
      QFAIL("a Normal site marked parallel was enumerated");
    } catch (const NotSupportedError& e) {
      const std::string what = e.what();
      QVERIFY2(what.find("site 'mu'") != std::string::npos, what.c_str());
      QVERIFY2(what.find("Normal") != std::string::npos, what.c_str());
      QVERIFY2(what.find("parallel enumeration") != std::string::npos, what.c_str());
    }
    QVERIFY(!has_handlers());
  }

  void firstAvailableDimMustBeNegative() {
    QVERIFY_THROWS_EXCEPTION(DomainError, enum_([] {}, 0));
    QVERIFY_THROWS_EXCEPTION(DomainError, EnumHandler(1));
  }

  void modelContinuesTheGuidesAllocation() {
    // TraceEnum_ELBO's order: the guide enumerates first, the model's dims lie left of it.
    EnumHandler guide_enum(-2);
    Trace guide_trace;
    {
      TraceHandler tracer;
      HandlerScope trace_scope(tracer);
      HandlerScope enum_scope(guide_enum);
      sample("g", dist::Bernoulli(dist::Probs{T(0.5)}), {}, kParallel);
      guide_trace = tracer.trace();
    }
    const Trace model_trace =
        get_trace(enum_([] { sample("m", dist::Bernoulli(dist::Probs{T(0.5)}), {}, kParallel); },
                        guide_enum.allocator()));
    QCOMPARE(enum_dim(guide_trace, "g"), int64_t(-2));
    QCOMPARE(enum_dim(model_trace, "m"), int64_t(-3));
    QVERIFY(enum_dim_to_id(model_trace.at("m").infer).at(-3) !=
            enum_dim_to_id(guide_trace.at("g").infer).at(-2));
    // Entered again, a handler with a first dim starts over.
    const Trace again = get_trace([&] {
      HandlerScope scope(guide_enum);
      sample("g", dist::Bernoulli(dist::Probs{T(0.5)}), {}, kParallel);
    });
    QCOMPARE(enum_dim(again, "g"), int64_t(-2));
  }
};

QTEST_GUILESS_MAIN(EnumTest)
#include "enum_test.moc"
