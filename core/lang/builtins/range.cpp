#include "core/lang/builtins/range.h"

#include "core/util/error.h"

namespace kiln::lang {

namespace {

class RangeIterator : public Iterator {
public:
  explicit RangeIterator(const Range& range) : range_(range), length_(range.length()) {}
  bool next(Value& out) override {
    if (i_ >= length_)
      return false;
    out = Value(range_.at(i_++));
    return true;
  }

private:
  Range range_;
  int64_t length_;
  int64_t i_ = 0;
};

} // namespace

Range::Range(int64_t start, int64_t stop, int64_t step) : start_(start), stop_(stop), step_(step) {
  if (step == 0)
    throw Error("range() arg 3 must not be zero");
}

std::string Range::repr() const {
  std::string out = "range(" + std::to_string(start_) + ", " + std::to_string(stop_);
  if (step_ != 1)
    out += ", " + std::to_string(step_);
  return out + ")";
}

bool Range::get_attribute(const std::string& name, Value& out) {
  if (name == "start")
    out = Value(start_);
  else if (name == "stop")
    out = Value(stop_);
  else if (name == "step")
    out = Value(step_);
  else
    return false;
  return true;
}

std::unique_ptr<Iterator> Range::iterate() {
  return std::make_unique<RangeIterator>(*this);
}

int64_t Range::length() const {
  if (step_ > 0)
    return stop_ > start_ ? (stop_ - start_ + step_ - 1) / step_ : 0;
  return start_ > stop_ ? (start_ - stop_ - step_ - 1) / -step_ : 0;
}

} // namespace kiln::lang
