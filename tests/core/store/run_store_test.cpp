// Runs written and read back through core/store: bit-identical draws, statistics, metrics,
// guide parameters and summaries; a reader polling a run while 10,000 draws stream in sees only
// whole chunks and never holds the writer up; a second writer waits, then gets a clear error.
#include <QtTest/QtTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <thread>

#include <ATen/ATen.h>

#include "core/store/catalog.h"
#include "core/store/project_file.h"
#include "core/store/run_reader.h"
#include "core/store/run_writer.h"
#include "core/store/sqlite.h"
#include "core/util/error.h"

using namespace kiln::store;

namespace {

RunStart start_of(int64_t chains, const std::string& algorithm = "nuts") {
  RunStart start;
  start.model_name = "m";
  start.model_source = "def model():\n    pass\n";
  start.dataset_name = "d.json";
  start.dataset_format = "json";
  start.dataset_content = R"({"y": [1, 0, 1]})";
  start.algorithm = algorithm;
  start.config = {{"num_warmup", 3}, {"num_samples", 5}};
  start.seed = 42;
  start.num_chains = chains;
  return start;
}

// mu (scalar), theta (2 x 3) and k (int64 scalar): 8 doubles per draw; two statistics.
RunLayout layout_of() {
  RunLayout layout;
  layout.sites = {
      {"mu", {}, "float64", false}, {"theta", {2, 3}, "float64", false}, {"k", {}, "int64", true}};
  layout.stats = {"lp__", "accept_stat__"};
  return layout;
}

bool same_bits(const at::Tensor& a, const at::Tensor& b) {
  return a.sizes() == b.sizes() && a.scalar_type() == b.scalar_type() &&
         std::memcmp(a.contiguous().data_ptr(), b.contiguous().data_ptr(),
                     a.numel() * a.element_size()) == 0;
}

// Draw i of the streamed run: entry j is i + j / 10, so a reader can check every value.
double streamed(int64_t i, int64_t j) {
  return static_cast<double>(i) + 0.1 * j;
}

} // namespace

class RunStoreTest : public QObject {
  Q_OBJECT

private slots:
  void runReadsBackBitIdentical() {
    const std::string path = dir_.filePath("round.kiln").toStdString();
    const RunLayout layout = layout_of();
    // Awkward doubles: subnormals, signed zero, infinities, NaN with a payload, extremes.
    at::manual_seed(7);
    std::vector<at::Tensor> warmup, sampling, warmup_stats, sampling_stats;
    for (int64_t c = 0; c < 2; ++c) {
      warmup.push_back(at::randn({3, 8}, at::kDouble) * 1e300);
      sampling.push_back(at::randn({5, 8}, at::kDouble));
      warmup_stats.push_back(at::randn({3, 2}, at::kDouble));
      sampling_stats.push_back(at::randn({5, 2}, at::kDouble));
    }
    double* s = sampling[0].data_ptr<double>();
    s[0] = -0.0;
    s[1] = std::numeric_limits<double>::denorm_min();
    s[2] = std::numeric_limits<double>::infinity();
    s[3] = -std::numeric_limits<double>::infinity();
    s[4] = std::numeric_limits<double>::quiet_NaN();
    s[5] = std::numeric_limits<double>::max();
    for (int64_t c = 0; c < 2; ++c)
      for (int64_t d = 0; d < 5; ++d)
        sampling[c][d][7] = static_cast<double>(d - 2); // k: whole numbers

    kiln::diagnostics::Summary summary;
    summary.hdi_prob = 0.9;
    summary.rows = {{"mu", 0.25, 1.5, -1.0, 2.0, 0.01, 0.02, 400.0, 350.0,
                     std::numeric_limits<double>::quiet_NaN()}};
    int64_t id = 0;
    {
      WriterOptions options;
      options.commit_draws = 2; // several chunks per chain
      RunWriter writer(path, start_of(2), options);
      id = writer.run_id();
      writer.set_layout(layout);
      for (int64_t c = 0; c < 2; ++c) {
        for (int64_t d = 0; d < 3; ++d)
          writer.append(c, Phase::Warmup, warmup[c][d].data_ptr<double>(),
                        warmup_stats[c][d].data_ptr<double>());
        for (int64_t d = 0; d < 5; ++d)
          writer.append(c, Phase::Sampling, sampling[c][d].data_ptr<double>(),
                        sampling_stats[c][d].data_ptr<double>());
      }
      writer.add_metric(0, "loss", 10.5);
      writer.add_metric(1, "loss", std::numeric_limits<double>::quiet_NaN());
      writer.add_metric(1, "grad_norm", 0.125);
      writer.set_chain_info(0, {{"step_size", 0.3}});
      writer.set_guide_params({{"loc", {1.0, 2.0}}, {"scale", 0.5}});
      writer.set_summary(summary);
      writer.finish(RunStatus::Completed);
    }

    RunReader reader(path);
    const RunInfo info = reader.run(id);
    QCOMPARE(info.status, std::string("completed"));
    QCOMPARE(info.model_name, std::string("m"));
    QCOMPARE(info.dataset_name, std::string("d.json"));
    QCOMPARE(info.seed, uint64_t{42});
    QCOMPARE(info.num_chains, int64_t{2});
    QCOMPARE(info.num_draws, int64_t{10});
    QCOMPARE(info.config["num_samples"].get<int>(), 5);
    QCOMPARE(reader.model_source(id), std::string("def model():\n    pass\n"));
    QCOMPARE(reader.dataset_content(id), std::string(R"({"y": [1, 0, 1]})"));
    QCOMPARE(reader.layout(id)->to_json(), layout.to_json());
    for (int64_t c = 0; c < 2; ++c) {
      const ChainDraws w = reader.draws(id, c, Phase::Warmup);
      const ChainDraws d = reader.draws(id, c, Phase::Sampling);
      QVERIFY(same_bits(w.values, warmup[c]));
      QVERIFY(same_bits(w.stats, warmup_stats[c]));
      QVERIFY(same_bits(d.values, sampling[c]));
      QVERIFY(same_bits(d.stats, sampling_stats[c]));
    }
    const auto sites = reader.site_draws(id);
    QCOMPARE(sites.size(), size_t{3});
    QCOMPARE(sites[1].first, std::string("theta"));
    QCOMPARE(sites[1].second.sizes().vec(), (std::vector<int64_t>{2, 5, 2, 3}));
    QVERIFY(
        same_bits(sites[1].second[1], sampling[1].narrow(1, 1, 6).reshape({5, 2, 3}).contiguous()));
    QCOMPARE(sites[2].second.scalar_type(), at::kLong);
    QCOMPARE(sites[2].second[0][0].item<int64_t>(), int64_t{-2});

    const auto metrics = reader.metrics(id);
    QCOMPARE(metrics.size(), size_t{3});
    QCOMPARE(metrics[0].name, std::string("grad_norm"));
    QCOMPARE(metrics[1].value, 10.5);
    QVERIFY(std::isnan(metrics[2].value));
    QCOMPARE(reader.guide_params(id), nlohmann::json({{"loc", {1.0, 2.0}}, {"scale", 0.5}}));
    const auto notes = reader.chain_info(id);
    QCOMPARE(notes[0]["step_size"].get<double>(), 0.3);
    QVERIFY(notes[1].is_null());
    const auto stored = reader.summary(id);
    QVERIFY(stored.has_value());
    QCOMPARE(stored->hdi_prob, 0.9);
    QCOMPARE(stored->rows.size(), size_t{1});
    QCOMPARE(stored->rows[0].ess_tail, 350.0);
    QVERIFY(std::isnan(stored->rows[0].r_hat));
  }

  void sviRunKeepsItsMetricsAndGuide() {
    const std::string path = dir_.filePath("svi.kiln").toStdString();
    int64_t id = 0;
    {
      RunWriter writer(path, start_of(1, "svi"));
      id = writer.run_id();
      for (int64_t step = 0; step < 1000; ++step)
        writer.add_metric(step, "loss", 100.0 / (1.0 + step));
      writer.set_guide_params({{"AutoNormal.locs.mu", 0.5}});
      writer.finish(RunStatus::Completed);
    }
    RunReader reader(path);
    const auto metrics = reader.metrics(id);
    QCOMPARE(metrics.size(), size_t{1000});
    for (int64_t step = 0; step < 1000; ++step) {
      QCOMPARE(metrics[step].step, step);
      QCOMPARE(metrics[step].value, 100.0 / (1.0 + step));
    }
    QVERIFY(!reader.layout(id).has_value());
    QVERIFY(reader.site_draws(id).empty());
    QCOMPARE(reader.guide_params(id)["AutoNormal.locs.mu"].get<double>(), 0.5);
  }

  void unfinishedWriterLeavesAFailedRun() {
    const std::string path = dir_.filePath("dropped.kiln").toStdString();
    int64_t id = 0;
    {
      RunWriter writer(path, start_of(1));
      id = writer.run_id();
      writer.set_layout(layout_of());
      const std::vector<double> draw(8, 1.0), stats(2, 0.0);
      writer.append(0, Phase::Sampling, draw.data(), stats.data());
    }
    RunReader reader(path);
    const RunInfo info = reader.run(id);
    QCOMPARE(info.status, std::string("failed"));
    QCOMPARE(info.error, std::string("the run ended without finishing"));
    QCOMPARE(info.num_draws, int64_t{1});
    QVERIFY_THROWS_EXCEPTION(kiln::Error, reader.run(id + 1));
  }

  void readerWhileWritingSeesWholeChunksAndNeverBlocksTheWriter() {
    const std::string path = dir_.filePath("stream.kiln").toStdString();
    constexpr int64_t kDraws = 10000;
    RunLayout layout;
    layout.sites = {{"theta", {16}, "float64", false}};
    layout.stats = {"lp__"};
    WriterOptions options;
    options.commit_draws = 100;
    options.commit_ms = 10;
    RunWriter writer(path, start_of(1), options);
    writer.set_layout(layout);
    const int64_t id = writer.run_id();

    std::atomic<bool> done{false};
    std::atomic<int64_t> polls{0}, partial_polls{0};
    QString reader_error;
    std::thread reader_thread([&] {
      try {
        RunReader reader(path);
        int64_t last = 0;
        while (!done.load()) {
          // draws() throws on a gap or a chunk of the wrong size: a torn chunk.
          const ChainDraws d = reader.draws(id, 0, Phase::Sampling);
          const int64_t n = d.values.size(0);
          if (n < last)
            throw kiln::Error("the draws went back from " + std::to_string(last));
          const double* v = d.values.data_ptr<double>();
          for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < 16; ++j)
              if (v[i * 16 + j] != streamed(i, j))
                throw kiln::Error("draw " + std::to_string(i) + " has a wrong value");
          last = n;
          ++polls;
          if (n > 0 && n < kDraws)
            ++partial_polls;
        }
      } catch (const std::exception& e) {
        reader_error = e.what();
      }
    });

    using Clock = std::chrono::steady_clock;
    double slowest_ms = 0.0;
    std::vector<double> draw(16);
    const double stat = 0.0;
    for (int64_t i = 0; i < kDraws; ++i) {
      for (int64_t j = 0; j < 16; ++j)
        draw[j] = streamed(i, j);
      const Clock::time_point began = Clock::now();
      writer.append(0, Phase::Sampling, draw.data(), &stat);
      slowest_ms = std::max(
          slowest_ms, std::chrono::duration<double, std::milli>(Clock::now() - began).count());
      // About as fast as a sampler on a small model: 10,000 draws in about a second.
      if (i % 100 == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    writer.finish(RunStatus::Completed);
    done.store(true);
    reader_thread.join();
    QVERIFY2(reader_error.isEmpty(), qPrintable(reader_error));
    QVERIFY2(slowest_ms < 50.0, qPrintable(QString("an append took %1 ms").arg(slowest_ms)));
    QVERIFY2(partial_polls.load() > 0, "the reader never saw the run while it was written");
    RunReader reader(path);
    QCOMPARE(reader.draws(id, 0, Phase::Sampling).values.size(0), kDraws);
  }

  void secondWriterWaitsThenGetsAClearError() {
    const std::string path = dir_.filePath("busy.kiln").toStdString();
    { RunWriter(path, start_of(1)).finish(RunStatus::Completed); }
    auto holder = open_project(path, Access::Write);
    {
      Transaction hold(*holder); // another writer holds the lock for longer than the timeout
      try {
        RunWriter writer(path, start_of(1));
        QFAIL("a second writer went ahead while the first held the lock");
      } catch (const kiln::Error& e) {
        QVERIFY2(QString(e.what()).contains("is busy: another process is writing to it"), e.what());
      }
    }
    RunWriter writer(path, start_of(1));
    writer.finish(RunStatus::Completed);
    Statement check = holder->prepare("PRAGMA integrity_check");
    QVERIFY(check.step());
    QCOMPARE(check.column_text(0), std::string("ok"));
    QCOMPARE(RunReader(path).runs().size(), size_t{2});
  }

  void deleteRemovesEverythingOfARun() {
    const std::string path = dir_.filePath("delete.kiln").toStdString();
    int64_t id = 0;
    {
      RunWriter writer(path, start_of(1));
      id = writer.run_id();
      writer.set_layout(layout_of());
      const std::vector<double> draw(8, 1.0), stats(2, 0.0);
      writer.append(0, Phase::Sampling, draw.data(), stats.data());
      writer.add_metric(0, "loss", 1.0);
      writer.finish(RunStatus::Completed);
    }
    auto db = open_project(path, Access::Write);
    delete_run(*db, id);
    for (const char* table : {"runs", "draw_chunks", "metrics"}) {
      Statement s = db->prepare(std::string("SELECT count(*) FROM ") + table);
      QVERIFY(s.step());
      QCOMPARE(s.column_int(0), int64_t{0});
    }
    QVERIFY_THROWS_EXCEPTION(kiln::Error, delete_run(*db, id));
  }

private:
  QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(RunStoreTest)
#include "run_store_test.moc"
