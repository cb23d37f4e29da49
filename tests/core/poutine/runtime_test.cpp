// The runtime is per thread: each thread has its own handler stack and param store, and a model
// that throws on one thread leaves every stack intact. HandlerScope pops what it pushed, and
// everything pushed after it, when an exception unwinds.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/dist/continuous/normal.h"
#include "core/poutine/handler.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/param_store.h"
#include "core/poutine/primitives.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "core/util/random.h"
#include "tests/support/fixture.h"

using namespace kiln;
using namespace kiln::test;
using poutine::HandlerScope;

namespace {

// Records when it is pushed and popped, into a log shared by several handlers.
class Recorder : public poutine::Handler {
public:
  Recorder(std::string name, std::vector<std::string>& log) : name_(std::move(name)), log_(log) {}
  void enter() override { log_.push_back("enter " + name_); }
  void exit() noexcept override { log_.push_back("exit " + name_); }

private:
  std::string name_;
  std::vector<std::string>& log_;
};

class RefusingHandler : public poutine::Handler {
public:
  void process_message(poutine::Message& msg) override {
    if (msg.type == poutine::SiteType::Sample)
      throw DomainError("refused");
  }
};

class FailingEnter : public poutine::Handler {
public:
  void enter() override { throw Error("cannot enter"); }
};

struct ThreadResult {
  size_t stack_inside = 0;      // the stack's depth in the middle of the model
  bool saw_all_threads = false; // every thread was inside its model at the same time
  std::vector<std::string> sites;
  std::string error;
  size_t stack_after = 99;
  const poutine::ParamStore* store = nullptr;
  double p = -1;
};

} // namespace

class RuntimeTest : public QObject {
  Q_OBJECT
private slots:
  void init() {
    reset();
    poutine::param_store().clear();
  }

  void threadsHaveTheirOwnStackAndStore() {
    const int kThreads = 4, kFailing = 2, kSteps = 20;
    std::atomic<int> arrived{0};
    std::vector<ThreadResult> results(kThreads);

    auto model = [&](int i) {
      auto p = poutine::param("p", T(double(i)));
      auto x = poutine::sample("x", dist::Normal(p, 1.));
      // Wait until every thread is here, so that four trace handlers are pushed at once.
      ++arrived;
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (arrived.load() < kThreads && std::chrono::steady_clock::now() < deadline)
        std::this_thread::yield();
      results[i].saw_all_threads = arrived.load() == kThreads;
      results[i].stack_inside = poutine::runtime().stack.size();
      if (i == kFailing)
        throw DomainError("thread " + std::to_string(i) + " fails mid-model");
      for (int k = 0; k < kSteps; ++k) {
        x = poutine::sample("y" + std::to_string(k), dist::Normal(x, 1.));
        std::this_thread::yield();
      }
    };

    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
      threads.emplace_back([&, i] {
        kiln::manual_seed(i);
        ThreadResult& r = results[i];
        try {
          const auto trace = poutine::get_trace([&] { model(i); });
          for (const auto& site : trace.sites())
            r.sites.push_back(site.name);
        } catch (const Error& e) {
          r.error = e.what();
        }
        r.stack_after = poutine::runtime().stack.size();
        r.store = &poutine::param_store();
        r.p = poutine::param_store().get("p").item<double>();
      });
    for (auto& t : threads)
      t.join();

    std::vector<std::string> complete = {"p", "x"};
    for (int k = 0; k < kSteps; ++k)
      complete.push_back("y" + std::to_string(k));
    for (int i = 0; i < kThreads; ++i) {
      const ThreadResult& r = results[i];
      const QByteArray which = QByteArray("thread ") + QByteArray::number(i);
      QVERIFY2(r.saw_all_threads, which);
      QVERIFY2(r.stack_inside == 1, which);
      QVERIFY2(r.stack_after == 0, which);
      // Each thread created "p" in its own store, from its own init.
      QVERIFY2(r.p == double(i), which);
      for (int j = 0; j < i; ++j)
        QVERIFY2(r.store != results[j].store, which);
      if (i == kFailing) {
        QVERIFY2(r.error.find("thread 2 fails mid-model") != std::string::npos, r.error.c_str());
        QVERIFY2(r.error.find("after site 'x'") != std::string::npos, r.error.c_str());
        QVERIFY(r.sites.empty());
      } else {
        QVERIFY2(r.error.empty(), r.error.c_str());
        QCOMPARE(r.sites, complete);
      }
    }
    // The main thread's runtime was never touched.
    QVERIFY(poutine::runtime().stack.empty());
    QVERIFY(!poutine::param_store().contains("p"));
    QVERIFY(std::none_of(results.begin(), results.end(),
                         [](const ThreadResult& r) { return r.store == &poutine::param_store(); }));
  }

  void exceptionPopsNestedScopes() {
    std::vector<std::string> log;
    Recorder a("a", log), b("b", log), c("c", log);
    size_t depth = 0;
    auto run = [&] {
      HandlerScope sa(a);
      {
        HandlerScope sb(b);
        HandlerScope sc(c);
        depth = poutine::runtime().stack.size();
        throw Error("inner");
      }
    };
    QVERIFY_THROWS_EXCEPTION(Error, run());
    QCOMPARE(depth, size_t(3));
    QVERIFY(poutine::runtime().stack.empty());
    QCOMPARE(log, (std::vector<std::string>{"enter a", "enter b", "enter c", "exit c", "exit b",
                                            "exit a"}));
  }

  void errorInsideApplyStackPopsScopesAndNamesSite() {
    std::vector<std::string> log;
    Recorder outer("outer", log);
    RefusingHandler refuse;
    std::string message;
    try {
      HandlerScope s1(outer);
      HandlerScope s2(refuse);
      poutine::sample("mu", dist::Normal(0., 1.));
    } catch (const DomainError& e) {
      message = e.what();
    }
    QVERIFY2(message.find("refused") != std::string::npos, message.c_str());
    QVERIFY2(message.find("at sample site 'mu'") != std::string::npos, message.c_str());
    QVERIFY(poutine::runtime().stack.empty());
    QCOMPARE(log, (std::vector<std::string>{"enter outer", "exit outer"}));
  }

  void handlerPushedWithoutScopeIsPoppedWithIt() {
    std::vector<std::string> log;
    Recorder a("a", log), stray("stray", log);
    {
      HandlerScope s(a);
      poutine::runtime().stack.push_back(&stray);
      QCOMPARE(poutine::runtime().stack.size(), size_t(2));
    }
    QVERIFY(poutine::runtime().stack.empty());
    // Popped innermost first; stray was never entered through a scope, but is exited.
    QCOMPARE(log, (std::vector<std::string>{"enter a", "exit stray", "exit a"}));
  }

  void failedEnterLeavesStackAsItWas() {
    std::vector<std::string> log;
    Recorder a("a", log);
    FailingEnter failing;
    HandlerScope s(a);
    QVERIFY_THROWS_EXCEPTION(Error, HandlerScope{failing});
    QCOMPARE(poutine::runtime().stack.size(), size_t(1));
    QCOMPARE(poutine::runtime().stack.back(), static_cast<poutine::Handler*>(&a));
  }
};

QTEST_GUILESS_MAIN(RuntimeTest)
#include "runtime_test.moc"
