#pragma once
// Python's range: a lazy sequence of ints with a length, iterated by `for`.

#include <cstdint>
#include <string>

#include "core/lang/value.h"

namespace kiln::lang {

class Range : public Object {
public:
  // Throws kiln::Error when step is 0, as Python does.
  Range(int64_t start, int64_t stop, int64_t step);
  std::string type_name() const override { return "range"; }
  // "range(0, 5)", "range(0, 10, 2)".
  std::string repr() const override;
  // start, stop, step.
  bool get_attribute(const std::string& name, Value& out) override;
  std::unique_ptr<Iterator> iterate() override;

  int64_t length() const;
  // The i-th value, for 0 <= i < length().
  int64_t at(int64_t i) const { return start_ + i * step_; }

private:
  int64_t start_, stop_, step_;
};

} // namespace kiln::lang
