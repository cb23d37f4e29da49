#pragma once
// pyro.markov: declares that a sequential model is Markov, so that parallel enumeration
// (enum_handler.h) can recycle dims. Each entry into the context is a step; the sample sites of
// a step are visible to the sites of the `history` steps entered after it and hidden from later
// ones, whose enumerated sites may then reuse their dims. An HMM of T steps under markov needs
// 1 + history enumeration dims instead of T.
//
// Three forms, as in Pyro:
//   markov_loop(T, 1, [&](int64_t t) { ... });   // for t in pyro.markov(range(T)):
//   MarkovHandler m; HandlerScope s(m);          // the same, step by step:
//   for (...) { m.step(); ... }
//   MarkovScope scope(m);                        // with m: (re-entered by a recursive model)
// Contexts nest: a site is visible from another only when it is visible in every markov
// context the site itself was recorded in (an inner chain's sites are hidden from the inner
// chain of the next outer step).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/poutine/handler.h"

namespace kiln::poutine {

class MarkovHandler : public Handler {
public:
  // `history`: how many earlier steps a step sees (0: steps are independent, as a plate).
  // `keep`: whether a step's sites outlive the step, so that the next step entered at the same
  // depth sees them (neighbouring branches of a recursion may depend on each other, a markov
  // loop run again sees the previous run: a grid); otherwise they are forgotten on leaving.
  // Throws DomainError when history is negative.
  explicit MarkovHandler(int64_t history = 1, bool keep = false);

  // Enters the context once more, as each iteration of `for t in pyro.markov(range(T))` does;
  // the handler must be active. All the steps are left when the handler is popped.
  void step();

  // Adds 1 to counts[name] for each sample site visible from the current step.
  void count_visible(std::map<std::string, int64_t>& counts) const;

  // Records each sample site in the current step.
  void process_message(Message& msg) override;
  void enter() override;
  void exit() noexcept override;

private:
  friend class MarkovScope;

  bool active() const { return active_; }
  // Leaves steps until `depth` remain entered.
  void leave_to(int64_t depth) noexcept;
  int64_t depth() const { return pos_ + 1; }

  int64_t history_;
  bool keep_;
  bool active_ = false;
  // The step entered last (-1: none), and the sites recorded in each step.
  int64_t pos_ = -1;
  std::vector<std::set<std::string>> steps_;
};

// One entry into a markov context for the lifetime of the scope (`with pyro.markov():`). The
// first entry pushes the handler; a nested entry of a handler already active (a recursive model
// re-entering its own context) is one more step. Leaving the scope also leaves the steps
// entered inside it by step().
class MarkovScope {
public:
  explicit MarkovScope(MarkovHandler& markov);
  // A context of its own.
  explicit MarkovScope(int64_t history = 1, bool keep = false);
  ~MarkovScope();
  MarkovScope(const MarkovScope&) = delete;
  MarkovScope& operator=(const MarkovScope&) = delete;

private:
  void open();

  std::unique_ptr<MarkovHandler> owned_;
  MarkovHandler& markov_;
  std::optional<HandlerScope> push_;
  int64_t depth_before_ = 0;
};

// Calls body(t) for t in 0..n-1, each call one step of a fresh markov context.
void markov_loop(int64_t n, int64_t history, const std::function<void(int64_t)>& body);
// The same with a given handler, which keeps its state between loops (with keep = true, a loop
// run again sees the sites of the previous run at the same step).
void markov_loop(MarkovHandler& markov, int64_t n, const std::function<void(int64_t)>& body);

} // namespace kiln::poutine
