#include "core/poutine/handlers/markov.h"

#include <algorithm>

#include "core/util/error.h"

namespace kiln::poutine {

MarkovHandler::MarkovHandler(int64_t history, bool keep) : history_(history), keep_(keep) {
  if (history < 0)
    throw DomainError("markov: history is " + std::to_string(history) +
                      ", but must be nonnegative");
}

void MarkovHandler::step() {
  if (!active_)
    throw Error("markov: step() called on a handler that is not active; push it first "
                "(HandlerScope, MarkovScope or markov_loop)");
  ++pos_;
  if (static_cast<int64_t>(steps_.size()) <= pos_)
    steps_.emplace_back();
}

void MarkovHandler::leave_to(int64_t depth) noexcept {
  while (pos_ + 1 > depth) {
    if (!keep_)
      steps_.pop_back();
    --pos_;
  }
}

void MarkovHandler::count_visible(std::map<std::string, int64_t>& counts) const {
  for (int64_t pos = std::max<int64_t>(0, pos_ - history_); pos <= pos_; ++pos)
    for (const std::string& name : steps_[static_cast<size_t>(pos)])
      ++counts[name];
}

void MarkovHandler::process_message(Message& msg) {
  if (msg.type != SiteType::Sample || msg.done)
    return;
  if (pos_ < 0)
    throw Error("markov: sample site '" + msg.name +
                "' is inside a markov handler that has no step yet; call step() first");
  steps_[static_cast<size_t>(pos_)].insert(msg.name);
}

void MarkovHandler::enter() {
  active_ = true;
}

void MarkovHandler::exit() noexcept {
  leave_to(0);
  active_ = false;
}

MarkovScope::MarkovScope(MarkovHandler& markov) : markov_(markov) {
  open();
}

MarkovScope::MarkovScope(int64_t history, bool keep)
    : owned_(std::make_unique<MarkovHandler>(history, keep)), markov_(*owned_) {
  open();
}

void MarkovScope::open() {
  if (!markov_.active())
    push_.emplace(markov_);
  depth_before_ = markov_.depth();
  markov_.step();
}

MarkovScope::~MarkovScope() {
  markov_.leave_to(depth_before_);
}

void markov_loop(int64_t n, int64_t history, const std::function<void(int64_t)>& body) {
  MarkovHandler markov(history);
  markov_loop(markov, n, body);
}

void markov_loop(MarkovHandler& markov, int64_t n, const std::function<void(int64_t)>& body) {
  if (n <= 0)
    return;
  // Each iteration enters the context once more; all are left together when the loop ends.
  MarkovScope first(markov);
  body(0);
  for (int64_t t = 1; t < n; ++t) {
    markov.step();
    body(t);
  }
}

} // namespace kiln::poutine
