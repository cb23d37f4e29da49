// Plates: broadcasting, dim allocation, subsampling and the errors they raise.

#include <QtTest/QtTest>

#include <ATen/ATen.h>

#include "core/dist/continuous/normal.h"
#include "core/poutine/handlers/replay.h"
#include "core/poutine/handlers/subsample_size.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/param_store.h"
#include "core/poutine/plate.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::poutine;
using dist::Normal;
using test::T;

namespace {

std::vector<int64_t> shape_of(const at::Tensor& t) {
  return t.sizes().vec();
}

std::string message_of(const std::function<void()>& model) {
  try {
    get_trace(model);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

PlateOptions with_dim(int64_t dim) {
  PlateOptions o;
  o.dim = dim;
  return o;
}

PlateOptions with_subsample_size(int64_t n) {
  PlateOptions o;
  o.subsample_size = n;
  return o;
}

} // namespace

class PlateTest : public QObject {
  Q_OBJECT
private slots:
  void init() {
    test::reset();
    param_store().clear();
  }

  void plateBroadcastsScalarSites() {
    Trace tr = get_trace([] {
      Plate p("data", 5);
      sample("x", Normal(0., 1.));
    });
    QCOMPARE(tr.at("x").fn->batch_shape(), (Shape{5}));
    QCOMPARE(shape_of(tr.at("x").value), (std::vector<int64_t>{5}));
    const auto& frames = tr.at("x").cond_indep_stack;
    QCOMPARE(frames.size(), size_t(1));
    QCOMPARE(frames[0].name, std::string("data"));
    QCOMPARE(*frames[0].dim, int64_t(-1));
    QCOMPARE(frames[0].size, int64_t(5));
  }

  void nestedPlatesAllocateDimsRightToLeft() {
    Trace tr = get_trace([] {
      Plate outer("outer", 3);
      Plate inner("inner", 4);
      sample("x", Normal(0., 1.));
    });
    QCOMPARE(tr.at("x").fn->batch_shape(), (Shape{4, 3}));
    const auto& frames = tr.at("x").cond_indep_stack;
    QCOMPARE(frames[0].name, std::string("outer"));
    QCOMPARE(*frames[0].dim, int64_t(-1));
    QCOMPARE(frames[1].name, std::string("inner"));
    QCOMPARE(*frames[1].dim, int64_t(-2));
  }

  void explicitDimsAndReleasedDims() {
    Trace tr = get_trace([] {
      {
        Plate a("a", 3, with_dim(-2));
        Plate b("b", 4); // the rightmost free dim is -1
        sample("x", Normal(0., 1.));
      }
      Plate c("c", 6); // -1 is free again
      sample("y", Normal(0., 1.));
    });
    QCOMPARE(tr.at("x").fn->batch_shape(), (Shape{3, 4}));
    QCOMPARE(tr.at("y").fn->batch_shape(), (Shape{6}));
  }

  void existingBatchDimsAreKept() {
    Trace tr = get_trace([] {
      Plate p("p", 4, with_dim(-2));
      sample("x", Normal(T({1.0, 2.0, 3.0}), 1.0));
    });
    QCOMPARE(tr.at("x").fn->batch_shape(), (Shape{4, 3}));
  }

  void dimCollisionNamesBothPlates() {
    std::string msg = message_of([] {
      Plate a("a", 3, with_dim(-1));
      Plate b("b", 4, with_dim(-1));
    });
    QVERIFY2(msg.find("plate 'b' cannot use dim -1: plate 'a' already uses it; try dim=-2") !=
                 std::string::npos,
             msg.c_str());
  }

  void samePlateNestedTwiceIsAnError() {
    std::string msg = message_of([] {
      Plate a("a", 3);
      Plate again("a", 3);
    });
    QVERIFY2(msg.find("plate 'a' is already active") != std::string::npos, msg.c_str());
  }

  void shapeMismatchNamesPlateSiteAndSizes() {
    std::string msg = message_of([] {
      Plate p("data", 5);
      sample("x", Normal(T({0.0, 1.0, 2.0}), 1.0));
    });
    QVERIFY2(msg.find("shape mismatch inside plate 'data' at site 'x' dim -1: the distribution "
                      "has size 3 there, the plate has size 5") != std::string::npos,
             msg.c_str());
    QVERIFY2(msg.find("Trace Shapes:") != std::string::npos, msg.c_str());
  }

  void badPlateArguments() {
    QVERIFY_THROWS_EXCEPTION(DomainError, PlateHandler("p", -1));
    QVERIFY_THROWS_EXCEPTION(DomainError, PlateHandler("p", 3, with_dim(0)));
    QVERIFY_THROWS_EXCEPTION(DomainError, PlateHandler("p", 3, with_subsample_size(4)));
  }

  void subsampleScalesLogDensity() {
    const int64_t N = 100, B = 10;
    at::Tensor data = at::randn({N}, at::kDouble);
    Trace tr = get_trace([&] {
      Plate p("data", N, with_subsample_size(B));
      auto batch = subsample(data, 0);
      sample("obs", Normal(0., 1.), batch);
    });
    const Site& obs = tr.at("obs");
    QCOMPARE(obs.scale.factor, double(N) / double(B));
    QCOMPARE(shape_of(obs.value), (std::vector<int64_t>{B}));
    // The data seen is the data at the drawn indices, and the log density is scaled by N / B.
    at::Tensor idx = tr.at("data").value;
    QCOMPARE(shape_of(idx), (std::vector<int64_t>{B}));
    QVERIFY(at::equal(obs.value, data.index_select(0, idx)));
    QCOMPARE(std::get<0>(at::_unique(idx)).size(0), B);
    double lp = Normal(0., 1.).log_prob(obs.value).sum().item<double>();
    QVERIFY(std::abs(tr.log_prob_sum().item<double>() - lp * N / B) < 1e-9);
  }

  void subsampleIndicesAreAReplayableSite() {
    Trace first = get_trace([] { Plate p("data", 50, with_subsample_size(5)); });
    Trace again = get_trace(replay([] { Plate p("data", 50, with_subsample_size(5)); }, first));
    QVERIFY(at::equal(first.at("data").value, again.at("data").value));
    QVERIFY(first.at("data").type == SiteType::Plate);
    QVERIFY(first.stochastic_nodes().empty());
  }

  void subsampleSizeHandlerSetsTheBatch() {
    // Only plates that subsample take the handler's size; the scale and frame follow it.
    const int64_t N = 100;
    Trace tr = get_trace(subsample_size(
        [&] {
          Plate p("data", N, with_subsample_size(10));
          QCOMPARE(p.subsample_size(), int64_t{25});
          sample("obs", Normal(0., 1.), at::zeros({25}, at::kDouble));
          Plate whole("whole", 7);
          sample("w", Normal(0., 1.));
        },
        25));
    QCOMPARE(shape_of(tr.at("data").value), (std::vector<int64_t>{25}));
    QCOMPARE(tr.at("obs").scale.factor, 4.0);
    QCOMPARE(tr.at("obs").cond_indep_stack.at(0).size, int64_t{25});
    QCOMPARE(tr.at("w").fn->batch_shape(), (Shape{7, 25}));
    // A batch larger than the plate takes all of it, unscaled.
    Trace all = get_trace(subsample_size([] { Plate p("data", 6, with_subsample_size(2)); }, 50));
    QCOMPARE(shape_of(all.at("data").value), (std::vector<int64_t>{6}));
    // Indices given by the model stay.
    PlateOptions given;
    given.subsample = at::tensor({int64_t(3), int64_t(1)});
    Trace kept = get_trace(subsample_size([&] { Plate p("data", 10, given); }, 5));
    QCOMPARE(shape_of(kept.at("data").value), (std::vector<int64_t>{2}));
    QVERIFY_THROWS_EXCEPTION(DomainError, SubsampleSizeHandler(0));
  }

  void givenSubsampleIsUsed() {
    PlateOptions o;
    o.subsample = at::tensor({int64_t(7), int64_t(2)});
    Trace tr = get_trace([&] {
      Plate p("data", 10, o);
      sample("x", Normal(0., 1.));
    });
    QCOMPARE(tr.at("x").fn->batch_shape(), (Shape{2}));
    QCOMPARE(tr.at("x").scale.factor, 5.0);
  }

  void paramsWithEventDimAreSubsampled() {
    Trace tr = get_trace([] {
      Plate p("data", 6, with_subsample_size(3));
      auto loc = param("loc", at::arange(12, at::kDouble).reshape({6, 2}), nullptr, 1);
      QCOMPARE(shape_of(loc), (std::vector<int64_t>{3, 2}));
      sample("x", Normal(loc, 1.0).to_event(1));
    });
    at::Tensor idx = tr.at("data").value;
    at::Tensor full = param_store().get("loc");
    QVERIFY(at::equal(tr.at("x").fn->mean(), full.index_select(0, idx)));
    // As in Pyro, the trace keeps the whole param (the trace sees it before the plate cuts it).
    QVERIFY(at::equal(tr.at("loc").value, full));
  }

  void paramOfWrongSizeInsidePlateIsAnError() {
    std::string msg = message_of([] {
      Plate p("data", 6, with_subsample_size(3));
      param("loc", at::zeros({5}, at::kDouble), nullptr, 0);
    });
    QVERIFY2(msg.find("inside plate 'data' (size 6, dim -1): param 'loc' has shape (5,)") !=
                 std::string::npos,
             msg.c_str());
  }

  void sequentialPlateMarksEachIteration() {
    Trace tr = get_trace([] {
      plate_loop("loop", 3, [](int64_t i) { sample("x_" + std::to_string(i), Normal(0., 1.)); });
    });
    QCOMPARE(tr.stochastic_nodes().size(), size_t(3));
    for (int64_t i = 0; i < 3; ++i) {
      const auto& frames = tr.at("x_" + std::to_string(i)).cond_indep_stack;
      QCOMPARE(frames.size(), size_t(1));
      QVERIFY(!frames[0].vectorized());
      QCOMPARE(frames[0].counter, i);
      QCOMPARE(tr.at("x_" + std::to_string(i)).fn->batch_shape(), Shape{});
    }
  }

  void sequentialPlateSubsampleScales() {
    PlateOptions o = with_subsample_size(2);
    Trace tr = get_trace([&] {
      plate_loop(
          "loop", 8, [](int64_t i) { sample("x_" + std::to_string(i), Normal(0., 1.)); }, o);
    });
    QCOMPARE(tr.stochastic_nodes().size(), size_t(2));
    for (const auto& name : tr.stochastic_nodes())
      QCOMPARE(tr.at(name).scale.factor, 4.0);
  }

  void plateObjectsCanBeReentered() {
    Trace tr = get_trace([] {
      PlateHandler data("data", 4, with_subsample_size(2));
      {
        HandlerScope s(data);
        sample("x", Normal(0., 1.));
      }
      {
        HandlerScope s(data);
        sample("y", Normal(0., 1.));
      }
    });
    QCOMPARE(tr.at("x").cond_indep_stack, tr.at("y").cond_indep_stack);
  }
};

QTEST_APPLESS_MAIN(PlateTest)
#include "plate_test.moc"
