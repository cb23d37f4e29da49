// pyro.markov under poutine.enum: sites out of view give their dims to later sites, so an HMM
// needs 1 + history dims; the recycled dims still contract to the exact likelihood; nested and
// re-entered contexts, keep, and the errors of a handler used out of its scope.
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/continuous/normal.h"
#include "core/dist/discrete/bernoulli.h"
#include "core/dist/discrete/categorical.h"
#include "core/poutine/handlers/enum_handler.h"
#include "core/poutine/handlers/markov.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using namespace kiln::poutine;

namespace {

const InferDict kParallel{{"enumerate", std::string("parallel")}};

int64_t enum_dim(const Trace& trace, const std::string& name) {
  const InferDict& infer = trace.at(name).infer;
  if (!infer.count("_enumerate_dim"))
    throw Error("site '" + name + "' was not enumerated");
  return infer_int(infer, "_enumerate_dim");
}

int64_t enum_id(const Trace& trace, const std::string& name) {
  return enum_dim_to_id(trace.at(name).infer).at(enum_dim(trace, name));
}

std::string x(int64_t t) {
  return "x_" + std::to_string(t);
}

void coin(const std::string& name) {
  sample(name, dist::Bernoulli(dist::Probs{T(0.5)}), {}, kParallel);
}

// An HMM with 3 hidden states and 2 observations per step in a plate at dim -1.
struct Hmm {
  at::Tensor init = T({0.5, 0.3, 0.2});
  at::Tensor trans = T({{0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}, {0.3, 0.3, 0.4}});
  at::Tensor locs = T({-1., 0., 2.});
  at::Tensor obs = T({{-0.8, -1.4},
                      {0.1, 0.4},
                      {1.7, 2.5},
                      {2.2, 1.6},
                      {-0.2, 0.3},
                      {-1.1, -0.7},
                      {0.2, -0.3},
                      {1.9, 2.1},
                      {0.0, 0.6},
                      {-1.2, -0.9}});

  void step(int64_t t, at::Tensor& state, PlateHandler& data) const {
    const at::Tensor probs = t == 0 ? init : trans.index({state});
    state = sample(x(t), dist::Categorical(dist::Probs{probs}), {}, kParallel);
    HandlerScope in_data(data);
    sample("y_" + std::to_string(t), dist::Normal(locs.index({state}), 1.), obs[t]);
  }

  Model model(int64_t steps, bool markov) const {
    return [this, steps, markov] {
      // One plate, entered at every step (a plate site is recorded once).
      PlateOptions at_minus_1;
      at_minus_1.dim = -1;
      PlateHandler data("data", 2, at_minus_1);
      at::Tensor state;
      const auto body = [&](int64_t t) { step(t, state, data); };
      if (markov) {
        markov_loop(steps, 1, body);
      } else {
        for (int64_t t = 0; t < steps; ++t)
          body(t);
      }
    };
  }

  // log p(y_0..y_{T-1}) summed over all 3^T paths.
  double brute_force_log_likelihood(int64_t steps) const {
    const auto a = [](const at::Tensor& t) { return t.item<double>(); };
    double total = 0;
    std::vector<int64_t> path(static_cast<size_t>(steps), 0);
    for (int64_t code = 0; code < static_cast<int64_t>(std::pow(3, steps)); ++code) {
      for (int64_t t = 0, c = code; t < steps; ++t, c /= 3)
        path[static_cast<size_t>(t)] = c % 3;
      double log_joint = 0;
      for (int64_t t = 0; t < steps; ++t) {
        const int64_t s = path[static_cast<size_t>(t)];
        log_joint += std::log(t == 0 ? a(init[s]) : a(trans[path[static_cast<size_t>(t - 1)]][s]));
        for (int64_t n = 0; n < 2; ++n) {
          const double r = a(obs[t][n]) - a(locs[s]);
          log_joint += -0.5 * r * r - 0.5 * std::log(2 * M_PI);
        }
      }
      total += std::exp(log_joint);
    }
    return std::log(total);
  }
};

std::vector<int64_t> chain_dims(const Trace& trace, int64_t steps) {
  std::vector<int64_t> dims;
  for (int64_t t = 0; t < steps; ++t)
    dims.push_back(enum_dim(trace, x(t)));
  return dims;
}

} // namespace

class MarkovTest : public QObject {
  Q_OBJECT

private slots:
  void init() { reset(3); }

  void hmmUnderMarkovUsesTwoDims() {
    const Hmm hmm;
    const Trace trace = get_trace(enum_(hmm.model(10, true), -2));
    const std::vector<int64_t> dims = chain_dims(trace, 10);
    for (int64_t t = 0; t < 10; ++t)
      QCOMPARE(dims[static_cast<size_t>(t)], t % 2 == 0 ? int64_t(-2) : int64_t(-3));
    QCOMPARE(trace.at(x(2)).value.sizes().vec(), (std::vector<int64_t>{3, 1}));
    QCOMPARE(trace.at(x(3)).value.sizes().vec(), (std::vector<int64_t>{3, 1, 1}));
    // x_0 and x_2 share dim -2 but are different variables: their ids differ, and x_2's log
    // density is over x_1 (dim -3) and x_2 (dim -2).
    QVERIFY(enum_id(trace, x(0)) != enum_id(trace, x(2)));
    const std::map<int64_t, int64_t> expected{{-3, enum_id(trace, x(1))},
                                              {-2, enum_id(trace, x(2))}};
    QVERIFY(enum_dim_to_id(trace.at(x(2)).infer) == expected);
    QVERIFY(enum_dim_to_id(trace.at("y_2").infer) == expected);
  }

  void hmmWithoutMarkovUsesADimPerStep() {
    const Hmm hmm;
    const Trace trace = get_trace(enum_(hmm.model(10, false), -2));
    const std::vector<int64_t> dims = chain_dims(trace, 10);
    for (int64_t t = 0; t < 10; ++t)
      QCOMPARE(dims[static_cast<size_t>(t)], -2 - t);
  }

  void recycledDimsContractToTheExactLikelihood() {
    // The forward algorithm over the trace's log densities, each step summing out the previous
    // state along its (recycled) dim, equals the sum over all paths.
    const Hmm hmm;
    const int64_t steps = 6;
    Trace trace = get_trace(enum_(hmm.model(steps, true), -2));
    trace.compute_log_prob();
    at::Tensor alpha;
    for (int64_t t = 0; t < steps; ++t) {
      const at::Tensor factor =
          trace.at(x(t)).log_prob + trace.at("y_" + std::to_string(t)).log_prob.sum(-1, true);
      alpha = t == 0 ? factor : at::logsumexp(alpha + factor, {enum_dim(trace, x(t - 1))}, true);
    }
    const double contracted = at::logsumexp(alpha.flatten(), {0}).item<double>();
    QVERIFY(std::abs(contracted - hmm.brute_force_log_likelihood(steps)) < 1e-10);
  }

  void historyTwoUsesThreeDims() {
    const Trace trace =
        get_trace(enum_([] { markov_loop(9, 2, [](int64_t t) { coin(x(t)); }); }, -1));
    const std::vector<int64_t> dims = chain_dims(trace, 9);
    for (int64_t t = 0; t < 9; ++t)
      QCOMPARE(dims[static_cast<size_t>(t)], -1 - t % 3);
  }

  void historyZeroMakesStepsIndependent() {
    const Trace trace =
        get_trace(enum_([] { markov_loop(5, 0, [](int64_t t) { coin(x(t)); }); }, -1));
    for (int64_t dim : chain_dims(trace, 5))
      QCOMPARE(dim, int64_t(-1));
  }

  void globalSitesStayOutOfTheChainsDims() {
    const Trace trace = get_trace(enum_(
        [] {
          coin("z");
          markov_loop(4, 1, [](int64_t t) { coin(x(t)); });
        },
        -1));
    QCOMPARE(enum_dim(trace, "z"), int64_t(-1));
    QCOMPARE(chain_dims(trace, 4), (std::vector<int64_t>{-2, -3, -2, -3}));
  }

  void stepFormMatchesTheLoop() {
    const Trace trace = get_trace(enum_(
        [] {
          MarkovHandler markov;
          HandlerScope scope(markov);
          for (int64_t t = 0; t < 5; ++t) {
            markov.step();
            coin(x(t));
          }
        },
        -1));
    QCOMPARE(chain_dims(trace, 5), (std::vector<int64_t>{-1, -2, -1, -2, -1}));
  }

  void nestedChainsHideTheInnerChainsOfEarlierSteps() {
    // Pyro's test_enum_recycling_nested: z_{i,j} sees x, y_{i-1}, y_i and z_{i,j-1} only.
    const Trace trace = get_trace(enum_(
        [] {
          coin("x");
          markov_loop(4, 1, [](int64_t i) {
            coin("y_" + std::to_string(i));
            markov_loop(
                4, 1, [i](int64_t j) { coin("z_" + std::to_string(i) + "_" + std::to_string(j)); });
          });
        },
        -1));
    const auto d = [&](const std::string& name) { return enum_dim(trace, name); };
    QCOMPARE(d("x"), int64_t(-1));
    QCOMPARE(d("y_0"), int64_t(-2));
    QCOMPARE(d("y_1"), int64_t(-3));
    QCOMPARE(d("y_2"), int64_t(-2));
    // Step 0's inner chain avoids x and y_0; step 1's avoids x, y_0 and y_1.
    QCOMPARE(d("z_0_0"), int64_t(-3));
    QCOMPARE(d("z_0_1"), int64_t(-4));
    QCOMPARE(d("z_0_2"), int64_t(-3));
    QCOMPARE(d("z_1_0"), int64_t(-4));
    QCOMPARE(d("z_1_1"), int64_t(-5));
    QCOMPARE(d("z_1_2"), int64_t(-4));
    QCOMPARE(d("z_2_0"), int64_t(-4));
    std::set<int64_t> used;
    for (const Site& site : trace.sites())
      used.insert(d(site.name));
    QCOMPARE(used, (std::set<int64_t>{-1, -2, -3, -4, -5}));
  }

  void recursionReenteringOneHandlerIsAChain() {
    MarkovHandler markov;
    std::function<void(int64_t)> chain = [&](int64_t t) {
      MarkovScope scope(markov);
      coin(x(t));
      if (t < 5)
        chain(t + 1);
    };
    const Trace trace = get_trace(enum_([&] { chain(0); }, -1));
    QCOMPARE(chain_dims(trace, 6), (std::vector<int64_t>{-1, -2, -1, -2, -1, -2}));
    QVERIFY(!has_handlers());
  }

  void recursionWithAFreshContextPerLevelKeepsAncestorsInView() {
    // Each level nests a new context inside the last: every ancestor stays visible.
    std::function<void(int64_t)> chain = [&](int64_t t) {
      MarkovScope scope;
      coin(x(t));
      if (t < 4)
        chain(t + 1);
    };
    const Trace trace = get_trace(enum_([&] { chain(0); }, -1));
    QCOMPARE(chain_dims(trace, 5), (std::vector<int64_t>{-1, -2, -3, -4, -5}));
  }

  void keepDecidesWhetherSiblingBranchesSeeEachOther() {
    for (bool keep : {false, true}) {
      MarkovHandler markov(1, keep);
      const Trace trace = get_trace(enum_(
          [&] {
            MarkovScope root(markov);
            coin("r");
            {
              MarkovScope left(markov);
              coin("a");
            }
            {
              MarkovScope right(markov);
              coin("b");
            }
          },
          -1));
      QCOMPARE(enum_dim(trace, "r"), int64_t(-1));
      QCOMPARE(enum_dim(trace, "a"), int64_t(-2));
      // Without keep, a was forgotten when its branch ended and b may take its dim.
      QCOMPARE(enum_dim(trace, "b"), keep ? int64_t(-3) : int64_t(-2));
    }
  }

  void keptLoopRunAgainSeesThePreviousRun() {
    // Pyro's test_enum_recycling_grid: x_{i,j} depends on x_{i-1,j} and x_{i,j-1}.
    const Trace trace = get_trace(enum_(
        [] {
          MarkovHandler columns(1, true);
          markov_loop(4, 1, [&](int64_t i) {
            markov_loop(columns, 4, [i](int64_t j) {
              coin("x_" + std::to_string(i) + "_" + std::to_string(j));
            });
          });
        },
        -1));
    const auto d = [&](int64_t i, int64_t j) {
      return enum_dim(trace, "x_" + std::to_string(i) + "_" + std::to_string(j));
    };
    std::set<int64_t> used;
    for (int64_t i = 0; i < 4; ++i)
      for (int64_t j = 0; j < 4; ++j) {
        used.insert(d(i, j));
        if (i > 0)
          QVERIFY(d(i, j) != d(i - 1, j));
        if (j > 0)
          QVERIFY(d(i, j) != d(i, j - 1));
        if (i > 0 && j > 0)
          QVERIFY(d(i, j) != d(i - 1, j - 1));
      }
    QVERIFY(used.size() <= 4);
  }

  void misuseIsAnError() {
    QVERIFY_THROWS_EXCEPTION(DomainError, MarkovHandler(-1));
    MarkovHandler markov;
    QVERIFY_THROWS_EXCEPTION(Error, markov.step());
    QVERIFY_THROWS_EXCEPTION(Error, get_trace([&] {
                               HandlerScope scope(markov);
                               coin("x");
                             }));
    QVERIFY(!has_handlers());
  }

  void anExceptionLeavesTheHandlerReusable() {
    MarkovHandler markov;
    const auto run = [&](int64_t fail_at) {
      return get_trace(enum_(
          [&] {
            markov_loop(markov, 4, [&](int64_t t) {
              if (t == fail_at)
                throw DomainError("step " + std::to_string(t));
              coin(x(t));
            });
          },
          -1));
    };
    QVERIFY_THROWS_EXCEPTION(DomainError, run(2));
    QVERIFY(!has_handlers());
    QCOMPARE(chain_dims(run(-1), 4), (std::vector<int64_t>{-1, -2, -1, -2}));
  }
};

QTEST_GUILESS_MAIN(MarkovTest)
#include "markov_test.moc"
